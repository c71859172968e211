package io.teardown.winsock;

/**
 * {@code WSADATA}, filled by {@link Ws2_32#WSAStartup}, with the C member names.
 */
public final class WSAData {
    /** The version the caller should use: {@code min(requested, 2.2)}, low byte major. */
    public short wVersion;
    /** The highest version supported: {@code 0x0202}. */
    public short wHighVersion;
    /** A description of the implementation. */
    public String szDescription;
    /** Status text. */
    public String szSystemStatus;
    /** Ignored since Winsock 2 (0). */
    public short iMaxSockets;
    /** Ignored since Winsock 2 (0). */
    public short iMaxUdpDg;

    /** An empty structure for {@code WSAStartup} to fill. */
    public WSAData() {
    }

    @Override
    public String toString() {
        return "WSAData[version=" + (wVersion & 0xFF) + "." + ((wVersion >> 8) & 0xFF) + ", " + szDescription
                + ", " + szSystemStatus + "]";
    }
}
