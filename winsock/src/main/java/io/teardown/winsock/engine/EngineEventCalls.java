package io.teardown.winsock.engine;

import io.teardown.api.LastError;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import io.teardown.kernel.engine.KernelEvent;
import io.teardown.kernel.engine.ObjectManager;
import io.teardown.winsock.WSANETWORKEVENTS;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockEventCalls;

/**
 * The engine's event functions behind the Winsock front: a socket's network events (WS-10) and the event
 * objects, which are kernel32's under Winsock's names (KO-13: the kernel engine's events, errors 6 and 87,
 * no {@code WSAStartup} needed). A wait with a timeout is refused on a transport thread
 * ({@code WSAEINPROGRESS}): an event loop never blocks. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>.
 */
final class EngineEventCalls implements WinsockEventCalls<SocketEntry> {
    private final LastError lastError;
    private final ObjectManager objects;
    private final Transport transport;

    EngineEventCalls(LastError lastError, ObjectManager objects, Transport transport) {
        this.lastError = lastError;
        this.objects = objects;
        this.transport = transport;
    }

    @Override
    public int eventSelect(SocketEntry s, long hEventObject, int lNetworkEvents) {
        return reported(() -> {
            KernelEvent e = lNetworkEvents == 0 ? null : objects.event("WSAEventSelect", hEventObject);
            if (lNetworkEvents != 0 && e == null) {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            s.socket.eventSelect(e, lNetworkEvents);
            return 0;
        });
    }

    @Override
    public int enumNetworkEvents(SocketEntry s, long hEventObject, WSANETWORKEVENTS lpNetworkEvents) {
        return reported(() -> {
            KernelEvent e = null;
            if (hEventObject != 0) {
                e = objects.event("WSAEnumNetworkEvents", hEventObject);
                if (e == null) {
                    throw WsaException.of(Win32Error.WSAEINVAL);
                }
            }
            s.socket.enumNetworkEvents(lpNetworkEvents);
            if (e != null) {
                e.reset();
            }
            return 0;
        });
    }

    @Override
    public long createEvent() {
        try {
            return objects.createEvent(true, false);
        } catch (Win32Exception e) {
            lastError.set(e.code());
            return Ws2_32.WSA_INVALID_EVENT;
        }
    }

    @Override
    public boolean closeEvent(long hEvent) {
        return objects.closeEvent(hEvent);
    }

    @Override
    public boolean setEvent(long hEvent) {
        return objects.setEvent(hEvent);
    }

    @Override
    public boolean resetEvent(long hEvent) {
        return objects.resetEvent(hEvent);
    }

    @Override
    public int waitForMultipleEvents(int cEvents, long[] lphEvents, boolean fWaitAll, int dwTimeout, boolean fAlertable) {
        if (dwTimeout != 0 && transport.inTransportThread()) {
            lastError.set(Win32Error.WSAEINPROGRESS); // never block an event loop
            return Ws2_32.WSA_WAIT_FAILED;
        }
        return objects.waitForMultipleObjects("WSAWaitForMultipleEvents", cEvents, lphEvents, fWaitAll, dwTimeout, fAlertable);
    }

    private int reported(java.util.function.IntSupplier work) {
        return WsaException.reported(lastError, work);
    }
}
