package io.teardown.winsock.spi;

import io.teardown.api.Session;

/**
 * Fault injection for one session's emulated Winsock (WS-13), a test hook the emulating backends honour: while the network is "down" every call
 * that needs the network fails with {@code WSAENETDOWN} (10050), as Windows reports a failed network
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
