package io.teardown.winsock.front;

import io.teardown.api.CloseEvent;
import io.teardown.api.HandleSpace;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import io.teardown.api.handle.LiveHandle;
import io.teardown.winsock.CloseOutcome;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockDriver;
import io.teardown.winsock.spi.WinsockDriver.Close;
import io.teardown.winsock.spi.WinsockDriver.CloseResult;
import io.teardown.winsock.spi.WinsockDriver.Closed;
import io.teardown.winsock.spi.WinsockDriver.Closing;

/**
 * How the front ends sockets: {@code closesocket} (WS-02 … WS-07, WS-14, WS-19) and the final
 * {@code WSACleanup} (WS-01), written once for every driver.
 *
 * <p>{@code closesocket(s)}: outside a startup {@code WSANOTINITIALISED}; a value that is no open socket
 * of the driver {@code WSAENOTSOCK}, and a kernel object it names stays intact (WS-02, WS-15). Otherwise
 * the socket is leased and the driver decides ({@link WinsockDriver#beginClose}): a refusal leaves
 * everything as it was ({@code WSAEWOULDBLOCK}, WS-07); else the value is invalid at once (WS-03) and
 * the driver does the close's work with the lease still held, so a lingering close (WS-06) keeps the slot
 * from being reused while it blocks; a call in flight on another thread keeps the socket until it
 * returns (WS-14). Every close, refused or not, is reported to the session's close events; the event is
 * emitted before {@link Closing#done()}, so a blocking call made from a close listener still counts as
 * nested in the lingering close (WS-12). Success leaves the last error untouched (WS-03).
 */
final class SocketClosing<S extends WinsockDriver.Socket> {
    private static final System.Logger LOG = System.getLogger(SocketClosing.class.getName());
    private static final int OK = 0;
    private static final String NO_TYPE = "(invalid)";
    private static final int ENOTSOCK = Win32Error.WSAENOTSOCK.code();
    private static final int WOULDBLOCK = Win32Error.WSAEWOULDBLOCK.code();
    private static final int NOTINITIALISED = Win32Error.WSANOTINITIALISED.code();

    private final Session session;
    private final WinsockDriver<S> driver;
    private final HandleTable<HandleEntry> table;
    private final Startups startups;

    SocketClosing(Session session, WinsockDriver<S> driver, HandleTable<HandleEntry> table, Startups startups) {
        this.session = session;
        this.driver = driver;
        this.table = table;
        this.startups = startups;
    }

    /** {@code closesocket}: 0, or {@code SOCKET_ERROR} with the error as the last error. */
    int closesocket(long s) {
        CloseResult c;
        try {
            c = close(s);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "unexpected failure behind the winsock front", e);
            c = new Closed(Win32Error.WSAEFAULT.code(), CloseEvent.Outcome.OS_ERROR, null);
        }
        if (c.error() != OK) {
            session.lastError().set(c.error());
            return Ws2_32.SOCKET_ERROR;
        }
        return OK; // WS-03: success leaves the last error untouched
    }

    /**
     * {@code closesocket} for the object API: what it did; {@code WSAEWOULDBLOCK} as
     * {@link CloseOutcome.WouldBlock}, other failures as {@link Win32Exception}.
     */
    CloseOutcome closesocketOutcome(long s) {
        CloseResult c = close(s);
        if (c.error() == WOULDBLOCK) {
            return new CloseOutcome.WouldBlock();
        }
        if (c.error() != OK) {
            throw new Win32Exception(c.error(), "closesocket(0x" + Long.toHexString(s) + ")");
        }
        return c.outcome();
    }

    private CloseResult close(long s) {
        long start = System.nanoTime();
        if (!startups.started()) {
            return report(s, NO_TYPE, new Closed(NOTINITIALISED, CloseEvent.Outcome.NOT_INITIALISED, null), start);
        }
        HandleEntry e = table.acquire(s);
        S sock = e == null ? null : driver.socketOf(e);
        if (sock == null) {
            if (e != null) {
                table.release(s); // a kernel object stays intact (WS-15)
            }
            return report(s, e == null ? NO_TYPE : e.typeName(), new Closed(ENOTSOCK, CloseEvent.Outcome.NOT_A_SOCKET, null),
                    start);
        }
        Closing closing = null;
        Closed closed = null;
        try {
            Close decision = driver.beginClose(sock);
            if (decision instanceof Close.Refused r) {
                closed = refused(r.error());
            } else if (decision instanceof Close.DescriptorClosed) {
                table.close(s); // WS-19: the other descriptors keep the socket and its connection
                closed = new Closed(OK, CloseEvent.Outcome.DESCRIPTOR, new CloseOutcome.Graceful());
            } else {
                closing = (Closing) decision;
                table.close(s); // WS-03: the value is invalid at once
                closing.finish();
            }
        } catch (RuntimeException failure) {
            if (closing != null) {
                closing.done();
            }
            throw failure;
        } finally {
            table.release(s);
        }
        if (closing == null) {
            return report(s, e.typeName(), closed, start);
        }
        try {
            return report(s, e.typeName(), closing, start);
        } finally {
            closing.done();
        }
    }

    private static Closed refused(int error) {
        if (error == WOULDBLOCK) {
            return new Closed(error, CloseEvent.Outcome.WOULD_BLOCK, new CloseOutcome.WouldBlock()); // WS-07
        }
        // ENOTSOCK: a racing closesocket won (WS-14); exactly one of them succeeds.
        return new Closed(error, error == ENOTSOCK ? CloseEvent.Outcome.NOT_A_SOCKET : CloseEvent.Outcome.REFUSED, null);
    }

    private CloseResult report(long s, String type, CloseResult c, long start) {
        if (session.closeEvents().enabled()) {
            session.closeEvents().emit(HandleSpace.KERNEL, "closesocket", s, type, c.error(), c.event(), start);
        }
        return c;
    }

    /**
     * {@code WSACleanup}: counted (WS-01); the final one destroys every socket of the session as a
     * non-blocking {@code closesocket} would, before the driver's own cleanup (so Windows cannot hand
     * their OS values to someone else first). Success leaves the last error untouched.
     */
    int cleanup() {
        Startups.Down down = startups.down();
        if (down == Startups.Down.NOT_STARTED) {
            session.lastError().set(NOTINITIALISED);
            return Ws2_32.SOCKET_ERROR;
        }
        boolean last = down == Startups.Down.LAST;
        if (last) {
            for (LiveHandle<HandleEntry> h : table.snapshot()) {
                S sock = driver.socketOf(h.entry());
                if (sock != null) {
                    driver.destroy(sock);
                    table.close(h.value());
                }
            }
        }
        return driver.cleanup(last);
    }
}
