package io.teardown.wininet.engine;

import io.teardown.api.HandleSpace;
import io.teardown.api.Session;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The session's HINTERNET tree (WI-02) over its {@link HandleSpace#INTERNET} handle table: leases for
 * calls in flight (WI-07), adding children, and the order of a close — invalidate the whole subtree at
 * once, then report and free it deepest first (WI-03, WI-04).
 */
final class HandleTree {
    private final HandleTable<HandleEntry> table;
    private final Object treeLock = new Object();
    private final Set<InternetHandle> live = ConcurrentHashMap.newKeySet();

    HandleTree(Session session) {
        this.table = session.handles(HandleSpace.INTERNET);
    }

    HandleTable<HandleEntry> table() {
        return table;
    }

    /** Leases an open handle of this tree, or returns null (nothing leased); end with {@link #release}. */
    InternetHandle lease(long h) {
        if (h == 0) {
            return null;
        }
        HandleEntry e = table.acquire(h);
        if (e == null) {
            return null;
        }
        if (!(e instanceof InternetHandle ih) || ih.tree != this || ih.invalidated) {
            table.release(h);
            return null;
        }
        return ih;
    }

    void release(long h) {
        table.release(h);
    }

    /** An open or closing handle of this tree by value, without a lease; or null. */
    InternetHandle peek(long h) {
        HandleEntry e = h == 0 ? null : table.get(h);
        return e instanceof InternetHandle ih && ih.tree == this ? ih : null;
    }

    /** Puts a handle in the table under its parent; 0 if the parent was closed meanwhile. */
    long insert(InternetHandle child) {
        synchronized (treeLock) {
            if (child.parent != null) {
                if (child.parent.invalidated) {
                    return 0;
                }
                child.parent.children.add(child);
            }
            child.value = table.insert(child);
        }
        live.add(child);
        return child.value;
    }

    /** Invalidates {@code target} and its subtree at once (WI-02); returns them deepest first, or null. */
    List<InternetHandle> detach(InternetHandle target) {
        synchronized (treeLock) {
            if (target.invalidated) {
                return null;
            }
            List<InternetHandle> out = new ArrayList<>();
            postOrder(target, out);
            for (InternetHandle x : out) {
                x.invalidated = true;
            }
            if (target.parent != null) {
                target.parent.children.remove(target);
            }
            return out;
        }
    }

    private static void postOrder(InternetHandle h, List<InternetHandle> out) {
        for (InternetHandle c : h.children) {
            postOrder(c, out);
        }
        out.add(h);
    }

    /**
     * Cancels, reports and frees a detached subtree, deepest first (WI-03, WI-04); its callbacks run
     * where its mode says (WI-10, WI-11) before the values are freed, so no new handle can get a value
     * while a callback is told of its closing. Returns whether an operation was outstanding (WI-05).
     */
    boolean close(List<InternetHandle> doomed) {
        boolean outstanding = false;
        for (InternetHandle x : doomed) {
            outstanding |= x.reportClose();
        }
        doomed.get(0).channel.delivery().afterCall();
        for (InternetHandle x : doomed) {
            table.close(x.value); // freed now, or when the last call in flight returns (WI-07)
        }
        return outstanding;
    }

    /** Closes a handle the application never got to own (a failed InternetOpenUrl). */
    void closeInternally(InternetHandle h) {
        List<InternetHandle> doomed = detach(h);
        if (doomed != null) {
            close(doomed);
        }
    }

    void reclaimed(InternetHandle h) {
        h.dispose();
        live.remove(h);
    }

    /** The session is ending: every handle's transport resources go, without callbacks. */
    void disposeAll() {
        for (InternetHandle h : live) {
            h.dispose();
        }
        live.clear();
    }
}
