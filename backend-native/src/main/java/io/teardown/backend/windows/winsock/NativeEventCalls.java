package io.teardown.backend.windows.winsock;

import com.sun.jna.platform.win32.WinNT.HANDLE;
import io.teardown.api.HandleSpace;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.Closer;
import io.teardown.backend.windows.handles.OsHandle;
import io.teardown.backend.windows.handles.OsHandles;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.NativeHandles;
import io.teardown.backend.windows.jna.Ws2_32Library;
import io.teardown.backend.windows.jna.Kernel32Library;
import io.teardown.winsock.WSANETWORKEVENTS;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockEventCalls;
import java.util.function.Function;

/**
 * The event functions of the native driver: {@code WSACreateEvent} … {@code WSAWaitForMultipleEvents}
 * (kernel32's functions under Winsock's names, KO-13: errors 6 and 87, no {@code WSAStartup} needed) and
 * the event argument of {@code WSAEventSelect}/{@code WSAEnumNetworkEvents} (WS-10). An event is a value of
 * the session's kernel table; only a leased entry's OS handle reaches Windows.
 */
final class NativeEventCalls implements WinsockEventCalls<NativeSocket> {
    private static final int INVALID_HANDLE = Win32Error.ERROR_INVALID_HANDLE.code();

    private final Session session;
    private final Ws2_32Library lib;
    private final Kernel32Library kernel;
    private final NativeCalls calls;
    private final OsHandles handles;

    NativeEventCalls(Session session, Ws2_32Library lib, Kernel32Library kernel, NativeCalls calls) {
        this.session = session;
        this.lib = lib;
        this.kernel = kernel;
        this.calls = calls;
        this.handles = new OsHandles(session, HandleSpace.KERNEL);
    }

    private boolean failed(int code) {
        session.lastError().set(code);
        return false;
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
        try {
            return handles.register(new OsHandle(os, "Event", Closer.CLOSE_HANDLE, true, this::closeEventOs, null));
        } catch (RuntimeException full) {
            session.lastError().set(Win32Error.WSAENOBUFS.code());
            return Ws2_32.WSA_INVALID_EVENT;
        }
    }

    /** Runs a BOOL call on the kernel object {@code h} names (an event), leased; 6 otherwise. */
    private boolean onEvent(long h, Function<HANDLE, NativeCalls.CapturedBool> call) {
        return handles.call(h, e -> {
            if (e.closer() != Closer.CLOSE_HANDLE) {
                return failed(INVALID_HANDLE);
            }
            NativeCalls.CapturedBool r = call.apply(NativeHandles.handle(e.os()));
            return r.ok() || failed(r.lastError());
        }, () -> failed(INVALID_HANDLE));
    }

    @Override
    public boolean closeEvent(long hEvent) {
        OsHandle e = handles.peek(hEvent);
        if (e == null || e.closer() != Closer.CLOSE_HANDLE) {
            return failed(INVALID_HANDLE);
        }
        OsHandle c = handles.close(hEvent);
        int rc = c == null ? INVALID_HANDLE : c.closeResult();
        return rc == 0 || rc == OsHandle.DEFERRED || failed(rc);
    }

    @Override
    public boolean setEvent(long hEvent) {
        return onEvent(hEvent, h -> calls.callBool(() -> kernel.SetEvent(h)));
    }

    @Override
    public boolean resetEvent(long hEvent) {
        return onEvent(hEvent, h -> calls.callBool(() -> kernel.ResetEvent(h)));
    }

    /** fAlertable is not honoured: no completion routines are queued as APCs by this driver. */
    @Override
    public int waitForMultipleEvents(int cEvents, long[] lphEvents, boolean fWaitAll, int dwTimeout, boolean fAlertable) {
        if (lphEvents == null || cEvents <= 0 || cEvents > Ws2_32.WSA_MAXIMUM_WAIT_EVENTS || cEvents > lphEvents.length) {
            failed(Win32Error.ERROR_INVALID_PARAMETER.code());
            return Ws2_32.WSA_WAIT_FAILED;
        }
        long[] leased = new long[cEvents];
        HANDLE[] os = new HANDLE[cEvents];
        int n = 0;
        try {
            for (int i = 0; i < cEvents; i++) {
                OsHandle e = handles.acquire(lphEvents[i]);
                if (e == null) {
                    failed(INVALID_HANDLE);
                    return Ws2_32.WSA_WAIT_FAILED;
                }
                leased[n++] = lphEvents[i];
                os[i] = NativeHandles.handle(e.os());
            }
            NativeCalls.CapturedInt r = calls.callInt(() -> kernel.WaitForMultipleObjects(cEvents, os, fWaitAll, dwTimeout));
            if (r.value() == Ws2_32.WSA_WAIT_FAILED) {
                session.lastError().set(r.lastError());
            }
            return r.value();
        } finally {
            for (int i = 0; i < n; i++) {
                handles.release(leased[i]);
            }
        }
    }

    /** {@code WSAEventSelect} on the leased {@code s}: the event leased for the call; it makes the socket non-blocking. */
    @Override
    public int eventSelect(NativeSocket s, long hEventObject, int lNetworkEvents) {
        OsHandle ev = hEventObject == 0 ? null : handles.acquire(hEventObject);
        if (hEventObject != 0 && ev == null) {
            session.lastError().set(Win32Error.WSAEINVAL.code());
            return Ws2_32.SOCKET_ERROR;
        }
        try {
            NativeCalls.CapturedInt r = calls.callInt(() -> lib.WSAEventSelect(s.os(),
                    ev == null ? null : NativeHandles.handle(ev.os()), lNetworkEvents));
            if (r.value() != 0) {
                session.lastError().set(r.lastError());
                return Ws2_32.SOCKET_ERROR;
            }
            s.nonBlocking = true; // WSAEventSelect makes the socket non-blocking
            return 0;
        } finally {
            if (ev != null) {
                handles.release(hEventObject);
            }
        }
    }

    /** {@code WSAEnumNetworkEvents} on the leased {@code s}, resetting the event (leased for the call) if given. */
    @Override
    public int enumNetworkEvents(NativeSocket s, long hEventObject, WSANETWORKEVENTS lpNetworkEvents) {
        OsHandle ev = hEventObject == 0 ? null : handles.acquire(hEventObject);
        if (hEventObject != 0 && ev == null) {
            session.lastError().set(Win32Error.WSAEINVAL.code());
            return Ws2_32.SOCKET_ERROR;
        }
        try {
            io.teardown.backend.windows.jna.WSANETWORKEVENTS out = new io.teardown.backend.windows.jna.WSANETWORKEVENTS();
            NativeCalls.CapturedInt r = calls.callInt(() -> lib.WSAEnumNetworkEvents(s.os(),
                    ev == null ? null : NativeHandles.handle(ev.os()), out));
            if (r.value() != 0) {
                session.lastError().set(r.lastError());
                return Ws2_32.SOCKET_ERROR;
            }
            lpNetworkEvents.lNetworkEvents = out.lNetworkEvents;
            System.arraycopy(out.iErrorCode, 0, lpNetworkEvents.iErrorCode, 0,
                    Math.min(out.iErrorCode.length, lpNetworkEvents.iErrorCode.length));
            return 0;
        } finally {
            if (ev != null) {
                handles.release(hEventObject);
            }
        }
    }
}
