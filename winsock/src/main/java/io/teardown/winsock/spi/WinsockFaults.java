package io.teardown.winsock.spi;

import io.teardown.api.Session;

/**
 * Fault injection for one session's emulated Winsock (WS-13), a test hook: a driver that can emulate a
 * failed network offers it ({@link WinsockDriver#faults()}), and while the network is "down" the front
 * fails every socket call with {@code WSAENETDOWN} (10050), as Windows reports a failed network
 * subsystem. The testkit reaches it through {@code io.teardown.testkit.winsock.WinsockFaultInjection}.
 */
public final class WinsockFaults {
    private volatile boolean networkDown;

    private WinsockFaults() {
    }

    /** The session's instance. */
    public static WinsockFaults of(Session session) {
        return session.component(WinsockFaults.class, s -> new WinsockFaults());
    }

    /** Takes the network down ({@code true}) or brings it back. */
    public void networkDown(boolean down) {
        this.networkDown = down;
    }

    /** Whether the network is down. */
    public boolean networkDown() {
        return networkDown;
    }
}
