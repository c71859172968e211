package io.teardown.wininet.front;

import io.teardown.api.HandleSpace;
import io.teardown.api.Session;
import io.teardown.api.Win32Exception;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import io.teardown.wininet.spi.WinInetDriver;
import java.util.ArrayList;
import java.util.List;

/**
 * One front's HINTERNET tree (WI-02) over the session's {@link HandleSpace#INTERNET} table: leases for
 * calls in flight (WI-07), registering children under an open parent, and the order of a close —
 * invalidate the whole subtree at once, let the driver cancel and report it deepest first (WI-03,
 * WI-04), then free the values, each released by the driver when its last lease ends.
 */
final class HandleTree {
    private final HandleTable<HandleEntry> table;
    private final WinInetDriver driver;
    private final Object lock = new Object();

    HandleTree(Session session, WinInetDriver driver) {
        this.table = session.handles(HandleSpace.INTERNET);
        this.driver = driver;
    }

    HandleTable<HandleEntry> table() {
        return table;
    }

    /** Leases an open handle of this tree, or returns null (nothing leased); end with {@link #release}. */
    InternetEntry lease(long h) {
        if (h == 0) {
            return null;
        }
        HandleEntry e = table.acquire(h);
        if (e == null) {
            return null;
        }
        if (!(e instanceof InternetEntry ie) || ie.tree != this || ie.invalidated) {
            table.release(h);
            return null;
        }
        return ie;
    }

    void release(long h) {
        table.release(h);
    }

    /** An open or closing handle of this tree by value, without a lease; or null. */
    InternetEntry peek(long h) {
        HandleEntry e = h == 0 ? null : table.get(h);
        return e instanceof InternetEntry ie && ie.tree == this ? ie : null;
    }

    /** The registrar of one creating call: children of {@code parent} (null: a session handle). */
    WinInetDriver.Registrar registrar(InternetEntry parent, InternetEntry.Kind kind, String function, boolean async) {
        return new WinInetDriver.Registrar() {
            @Override
            public long register(WinInetDriver.Node child) {
                return insert(new InternetEntry(HandleTree.this, child, kind, function, async, parent));
            }

            @Override
            public void abandon(long value) {
                InternetEntry e = peek(value);
                List<InternetEntry> doomed = e == null ? null : detach(e);
                if (doomed != null) {
                    close(doomed);
                }
            }
        };
    }

    /** Puts a handle in the table under its parent; 0 if the parent was closed meanwhile. */
    private long insert(InternetEntry child) {
        RuntimeException full;
        synchronized (lock) {
            if (child.parent != null && child.parent.invalidated) {
                return 0;
            }
            try {
                child.value = table.insert(child);
                if (child.parent != null) {
                    child.parent.children.add(child);
                }
                driver.bound(child.node, child.value);
                return child.value;
            } catch (Win32Exception e) {
                full = e;
            }
        }
        driver.release(child.node, false); // the table refused it: nothing else will (not under the lock)
        throw full;
    }

    /**
     * Invalidates {@code target} and its subtree at once (WI-02); returns them deepest first, or null if
     * {@code target} was invalidated already (WI-08). The descendants go with their root: the driver
     * releases them as such.
     */
    List<InternetEntry> detach(InternetEntry target) {
        synchronized (lock) {
            if (target.invalidated) {
                return null;
            }
            List<InternetEntry> out = new ArrayList<>();
            postOrder(target, out);
            for (InternetEntry x : out) {
                x.invalidated = true;
                x.freedWithParent |= x != target;
                driver.invalidated(x.node);
            }
            if (target.parent != null) {
                target.parent.children.remove(target);
            }
            return out;
        }
    }

    private static void postOrder(InternetEntry h, List<InternetEntry> out) {
        for (InternetEntry c : h.children) {
            postOrder(c, out);
        }
        out.add(h);
    }

    /**
     * The driver cancels and reports a detached subtree (its callbacks run where the mode says before the
     * values are freed, so no new handle can get a value while a callback is told of its closing); then
     * every value is freed, now or when the last call in flight returns (WI-07). Returns whether an
     * operation was outstanding (WI-05).
     */
    boolean close(List<InternetEntry> doomed) {
        List<WinInetDriver.Node> nodes = new ArrayList<>(doomed.size());
        for (InternetEntry x : doomed) {
            nodes.add(x.node);
        }
        boolean outstanding = driver.doClose(nodes);
        for (InternetEntry x : doomed) {
            table.close(x.value);
        }
        return outstanding;
    }

    /** The table frees {@code e}: the driver releases it, and with it its subtree when it is the root of a close. */
    int released(InternetEntry e) {
        boolean withParent;
        synchronized (lock) {
            withParent = e.freedWithParent;
            if (!withParent) {
                markFreedWithParent(e.children); // the session's close reaches them one by one
            }
        }
        return driver.release(e.node, withParent);
    }

    private static void markFreedWithParent(List<InternetEntry> children) {
        for (InternetEntry c : children) {
            c.freedWithParent = true;
            markFreedWithParent(c.children);
        }
    }
}
