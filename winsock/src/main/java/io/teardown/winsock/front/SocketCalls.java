package io.teardown.winsock.front;

import io.teardown.api.HandleSpace;
import io.teardown.api.LastError;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockDriver;
import io.teardown.winsock.spi.WinsockFaults;
import java.util.Optional;
import java.util.function.ToIntFunction;

/**
 * How the front runs a socket call, for every function: admitted (WS-01, WS-13), the checks before the
 * lookup passed, the socket value resolved in the session's kernel table to an open socket of the driver
 * and leased for the call (WS-02, WS-14), the call, and the last-error rule (WS-03: success sets 0, a
 * failure its error; an unexpected exception of a driver is logged and reported as {@code WSAEFAULT}).
 */
final class SocketCalls<S extends WinsockDriver.Socket> {
    private static final System.Logger LOG = System.getLogger(SocketCalls.class.getName());
    static final int OK = 0;
    static final int ENOTSOCK = Win32Error.WSAENOTSOCK.code();
    static final int EFAULT = Win32Error.WSAEFAULT.code();

    private final WinsockDriver<S> driver;
    private final HandleTable<HandleEntry> table;
    private final LastError lastError;
    private final Startups startups;
    private volatile Optional<WinsockFaults> faults;

    SocketCalls(Session session, WinsockDriver<S> driver, Startups startups) {
        this.driver = driver;
        this.table = session.handles(HandleSpace.KERNEL);
        this.lastError = session.lastError();
        this.startups = startups;
    }

    /** Sets the last error to {@code error}; returns {@code SOCKET_ERROR}. */
    int fail(int error) {
        lastError.set(error);
        return Ws2_32.SOCKET_ERROR;
    }

    int unexpected(RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "unexpected failure behind the winsock front", e);
        return fail(EFAULT);
    }

    /** Success: the last error becomes 0 (WS-03). */
    void succeeded() {
        lastError.set(OK);
    }

    /** WS-01, then WS-13: 0 if a socket call may proceed, else its error. */
    int admit() {
        if (!startups.started()) {
            return Win32Error.WSANOTINITIALISED.code();
        }
        Optional<WinsockFaults> f = faults;
        if (f == null) {
            f = driver.faults(); // looked up on first use: never while the session builds the front
            faults = f;
        }
        return f.isPresent() && f.get().networkDown() ? Win32Error.WSAENETDOWN.code() : OK;
    }

    /** Leases {@code s} if it names an open socket of this driver; null (and nothing leased) otherwise. */
    S lease(long s) {
        HandleEntry e = table.acquire(s);
        if (e == null) {
            return null;
        }
        S sock = driver.socketOf(e);
        if (sock == null) {
            table.release(s); // a kernel object, a DuplicateHandle copy (WS-02, WS-15)
        }
        return sock;
    }

    /** Ends a lease taken by {@link #lease}. */
    void release(long s) {
        table.release(s);
    }

    /**
     * A socket call: admitted, {@code precheck} (the checks before the lookup) passed, {@code s} leased,
     * then {@code call}; success sets the last error to 0.
     */
    int onSocket(long s, int precheck, ToIntFunction<S> call) {
        int rejected = admit();
        if (rejected == OK) {
            rejected = precheck;
        }
        if (rejected != OK) {
            return fail(rejected);
        }
        S sock = lease(s);
        if (sock == null) {
            return fail(ENOTSOCK);
        }
        try {
            int r = call.applyAsInt(sock);
            if (r != Ws2_32.SOCKET_ERROR) {
                succeeded();
            }
            return r;
        } catch (RuntimeException e) {
            return unexpected(e);
        } finally {
            table.release(s);
        }
    }

    int onSocket(long s, ToIntFunction<S> call) {
        return onSocket(s, OK, call);
    }

    /** A check made after the lookup: {@code call} runs only if {@code check} is 0. */
    int checked(int check, S sock, ToIntFunction<S> call) {
        return check == OK ? call.applyAsInt(sock) : fail(check);
    }

    /** Runs {@code call} with a second socket of the same call leased too ({@code AcceptEx}, {@code SO_UPDATE_ACCEPT_CONTEXT}). */
    int withSecond(long second, ToIntFunction<S> call) {
        S sock = lease(second);
        if (sock == null) {
            return fail(ENOTSOCK);
        }
        try {
            return call.applyAsInt(sock);
        } finally {
            table.release(second);
        }
    }

    /** Puts a socket the driver made into the table; its value, or {@code INVALID_SOCKET} with WSAEMFILE. */
    long insert(S made) {
        try {
            return table.insert(made.entry());
        } catch (Win32Exception full) {
            driver.discard(made);
            fail(Win32Error.WSAEMFILE.code());
            return Ws2_32.INVALID_SOCKET;
        }
    }
}
