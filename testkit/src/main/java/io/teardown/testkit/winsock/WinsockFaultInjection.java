package io.teardown.testkit.winsock;

import io.teardown.api.Session;
import io.teardown.winsock.spi.WinsockDiagnostics;
import io.teardown.winsock.spi.WinsockFaults;

/**
 * Fault injection for the winsock contract (WS-13 and the stress cases). Network failure is injected
 * into the emulated engine; peer-side faults (reset mid-linger, a peer that never reads, a slow peer)
 * are produced by {@link JdkPeer}. The native backend cannot take the network down: {@link #supported}
 * says so and tests skip.
 */
public final class WinsockFaultInjection {
    private final Session session;

    private WinsockFaultInjection(Session session) {
        this.session = session;
    }

    /** Fault injection for the session's winsock. */
    public static WinsockFaultInjection of(Session session) {
        return new WinsockFaultInjection(session);
    }

    /** Whether the session's winsock is the emulated engine, where faults can be injected. */
    public boolean supported() {
        return WinsockDiagnostics.of(session).isPresent();
    }

    /** Takes the network down (every call fails with WSAENETDOWN, 10050) or brings it back. */
    public void networkDown(boolean down) {
        WinsockFaults.of(session).networkDown(down);
    }

    /** Channels the emulated transport has open, or -1 when not emulated (for leak checks). */
    public int openTransportChannels() {
        return WinsockDiagnostics.of(session).map(WinsockDiagnostics::openTransportChannels).orElse(-1);
    }
}
