package io.teardown.backend.windows.winsock;

import com.sun.jna.platform.win32.WinNT.HANDLE;
import io.teardown.api.HandleSpace;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import io.teardown.backend.windows.handles.OsHandle;
import io.teardown.backend.windows.jna.Kernel32Library;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.NativeHandles;
import io.teardown.backend.windows.jna.Ws2_32Library;
import io.teardown.kernel.spi.ResolvedHandle;
import io.teardown.winsock.WSANETWORKEVENTS;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockEventCalls;
import java.util.function.Function;

/**
 * The event functions of the native driver: {@code WSACreateEvent} … {@code WSAWaitForMultipleEvents}
 * (kernel32's functions under Winsock's names, KO-13) and the event argument of
 * {@code WSAEventSelect}/{@code WSAEnumNetworkEvents} (WS-10). The front has resolved every event value
 * to a leased entry of the session's kernel table (or a pseudo-handle, which Windows answers for); only
 * that entry's OS handle reaches Windows.
 */
final class NativeEventCalls implements WinsockEventCalls<NativeSocket> {
    private static final int INVALID_HANDLE = Win32Error.ERROR_INVALID_HANDLE.code();

    private final Session session;
    private final Ws2_32Library lib;
    private final Kernel32Library kernel;
    private final NativeCalls calls;
    private final HandleTable<HandleEntry> table;

    NativeEventCalls(Session session, Ws2_32Library lib, Kernel32Library kernel, NativeCalls calls) {
        this.session = session;
        this.lib = lib;
        this.kernel = kernel;
        this.calls = calls;
        this.table = session.handles(HandleSpace.KERNEL);
    }

    private boolean failed(int code) {
        session.lastError().set(code);
        return false;
    }

    /** The OS handle behind a resolved value: a pseudo-handle as itself, an entry's OS value; null if no OS handle. */
    private static HANDLE os(ResolvedHandle h) {
        if (h.pseudo()) {
            return NativeHandles.handle(h.value());
        }
        return h.entry() instanceof OsHandle e ? NativeHandles.handle(e.os()) : null;
    }

    /** Runs a BOOL kernel32 call on a resolved event with no closer of its own; 6 otherwise. */
    private boolean onEvent(ResolvedHandle h, Function<HANDLE, NativeCalls.CapturedBool> call) {
        HANDLE os = os(h);
        if (os == null || (h.entry() != null && h.entry().closer() != Closer.CLOSE_HANDLE)) {
            return failed(INVALID_HANDLE);
        }
        NativeCalls.CapturedBool r = call.apply(os);
        return r.ok() || failed(r.lastError());
    }

    private int closeEventOs(long os) {
        NativeCalls.CapturedBool r = calls.callBool(() -> lib.WSACloseEvent(NativeHandles.handle(os)));
        return r.ok() ? 0 : r.lastError();
    }

    @Override
    public long createEvent() {
        NativeCalls.Captured<HANDLE> r = calls.call(lib::WSACreateEvent);
        long os = NativeHandles.value(r.value());
        if (os == 0) {
            session.lastError().set(r.lastError());
            return Ws2_32.WSA_INVALID_EVENT;
        }
        OsHandle entry = new OsHandle(os, "Event", Closer.CLOSE_HANDLE, true, this::closeEventOs, null);
        try {
            return table.insert(entry);
        } catch (RuntimeException full) {
            entry.reclaim(); // the table is full: the OS handle goes again
            session.lastError().set(Win32Error.WSAENOBUFS.code());
            return Ws2_32.WSA_INVALID_EVENT;
        }
    }

    /** Any kernel handle with no closer of its own: Windows' {@code WSACloseEvent} is {@code CloseHandle}. */
    @Override
    public boolean closableEvent(ResolvedHandle hEvent) {
        return hEvent.entry() instanceof OsHandle e && e.closer() == Closer.CLOSE_HANDLE;
    }

    @Override
    public int closedEvent(HandleEntry entry) {
        int rc = entry instanceof OsHandle e ? e.closeResult() : 0;
        return rc == OsHandle.DEFERRED ? 0 : rc; // behind a call in flight: closed when it returns
    }

    @Override
    public boolean setEvent(ResolvedHandle hEvent) {
        return onEvent(hEvent, h -> calls.callBool(() -> kernel.SetEvent(h)));
    }

    @Override
    public boolean resetEvent(ResolvedHandle hEvent) {
        return onEvent(hEvent, h -> calls.callBool(() -> kernel.ResetEvent(h)));
    }

    /** Sets the event an {@code OVERLAPPED} names, by its session value, when its operation completes. */
    boolean signal(long hEvent) {
        HandleEntry e = hEvent == 0 ? null : table.acquire(hEvent);
        if (e == null) {
            return false;
        }
        try {
            return e instanceof OsHandle h && kernel.SetEvent(NativeHandles.handle(h.os()));
        } finally {
            table.release(hEvent);
        }
    }

    /** fAlertable is not honoured: no completion routines are queued as APCs by this driver. */
    @Override
    public int waitForMultipleEvents(ResolvedHandle[] lphEvents, boolean fWaitAll, int dwTimeout, boolean fAlertable) {
        HANDLE[] os = new HANDLE[lphEvents.length];
        for (int i = 0; i < os.length; i++) {
            os[i] = os(lphEvents[i]);
            if (os[i] == null) {
                failed(INVALID_HANDLE);
                return Ws2_32.WSA_WAIT_FAILED;
            }
        }
        NativeCalls.CapturedInt r = calls.callInt(() -> kernel.WaitForMultipleObjects(os.length, os, fWaitAll, dwTimeout));
        if (r.value() == Ws2_32.WSA_WAIT_FAILED) {
            session.lastError().set(r.lastError());
        }
        return r.value();
    }

    /** {@code WSAEventSelect} on the leased {@code s}; it makes the socket non-blocking. */
    @Override
    public int eventSelect(NativeSocket s, ResolvedHandle hEventObject, int lNetworkEvents) {
        HANDLE ev = hEventObject == null ? null : os(hEventObject);
        if (hEventObject != null && ev == null) {
            session.lastError().set(Win32Error.WSAEINVAL.code());
            return Ws2_32.SOCKET_ERROR;
        }
        NativeCalls.CapturedInt r = calls.callInt(() -> lib.WSAEventSelect(s.os(), ev, lNetworkEvents));
        if (r.value() != 0) {
            session.lastError().set(r.lastError());
            return Ws2_32.SOCKET_ERROR;
        }
        s.nonBlocking = true; // WSAEventSelect makes the socket non-blocking
        return 0;
    }

    /** {@code WSAEnumNetworkEvents} on the leased {@code s}, resetting the event if one is given. */
    @Override
    public int enumNetworkEvents(NativeSocket s, ResolvedHandle hEventObject, WSANETWORKEVENTS lpNetworkEvents) {
        HANDLE ev = hEventObject == null ? null : os(hEventObject);
        if (hEventObject != null && ev == null) {
            session.lastError().set(Win32Error.WSAEINVAL.code());
            return Ws2_32.SOCKET_ERROR;
        }
        io.teardown.backend.windows.jna.WSANETWORKEVENTS out = new io.teardown.backend.windows.jna.WSANETWORKEVENTS();
        NativeCalls.CapturedInt r = calls.callInt(() -> lib.WSAEnumNetworkEvents(s.os(), ev, out));
        if (r.value() != 0) {
            session.lastError().set(r.lastError());
            return Ws2_32.SOCKET_ERROR;
        }
        lpNetworkEvents.lNetworkEvents = out.lNetworkEvents;
        System.arraycopy(out.iErrorCode, 0, lpNetworkEvents.iErrorCode, 0,
                Math.min(out.iErrorCode.length, lpNetworkEvents.iErrorCode.length));
        return 0;
    }
}
