package io.teardown.winsock.engine;

import io.teardown.api.LastError;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import io.teardown.kernel.engine.KernelEvent;
import io.teardown.kernel.engine.ObjectManager;
import io.teardown.kernel.spi.ResolvedHandle;
import io.teardown.winsock.WSANETWORKEVENTS;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.spi.WinsockEventCalls;

/**
 * The engine's event functions behind the Winsock front: a socket's network events (WS-10) and the event
 * objects, which are kernel32's under Winsock's names (KO-13: the kernel engine's events, no
 * {@code WSAStartup} needed), on handles the front has resolved. A wait with a timeout is refused on a transport thread
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
    public int eventSelect(SocketEntry s, ResolvedHandle hEventObject, int lNetworkEvents) {
        return reported(() -> {
            // With no events selected the event is not looked at: the selection just ends.
            KernelEvent e = lNetworkEvents == 0 ? null : objects.event(hEventObject);
            if (lNetworkEvents != 0 && e == null) {
                throw WsaException.of(Win32Error.WSAEINVAL);
            }
            s.socket.eventSelect(e, lNetworkEvents);
            return 0;
        });
    }

    @Override
    public int enumNetworkEvents(SocketEntry s, ResolvedHandle hEventObject, WSANETWORKEVENTS lpNetworkEvents) {
        return reported(() -> {
            KernelEvent e = hEventObject == null ? null : objects.event(hEventObject);
            if (hEventObject != null && e == null) {
                throw WsaException.of(Win32Error.WSAEINVAL);
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
    public boolean closableEvent(ResolvedHandle hEvent) {
        return objects.closableEvent(hEvent);
    }

    @Override
    public boolean setEvent(ResolvedHandle hEvent) {
        return objects.setEvent(hEvent);
    }

    @Override
    public boolean resetEvent(ResolvedHandle hEvent) {
        return objects.resetEvent(hEvent);
    }

    @Override
    public int waitForMultipleEvents(ResolvedHandle[] lphEvents, boolean fWaitAll, int dwTimeout, boolean fAlertable) {
        if (dwTimeout != 0 && transport.inTransportThread()) {
            lastError.set(Win32Error.WSAEINPROGRESS); // never block an event loop
            return Ws2_32.WSA_WAIT_FAILED;
        }
        return objects.waitForMultipleObjects(lphEvents, fWaitAll, dwTimeout, fAlertable);
    }

    private int reported(java.util.function.IntSupplier work) {
        return WsaException.reported(lastError, work);
    }
}
