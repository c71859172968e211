package io.teardown.winsock;

/**
 * {@code WSAPROTOCOL_INFOW}, the members a socket's duplication needs: what
 * {@link Ws2_32#WSADuplicateSocketW} fills and {@link Ws2_32#WSASocketW} reads back to make a second
 * descriptor for the same socket (WS-19). {@link #dwProviderReserved} identifies the socket being
 * duplicated, as Windows' provider keeps its own value there; it is meaningful only to the session
 * that filled the structure.
 *
 * @see <a href="../../../../../../docs/winsock.md">docs/winsock.md</a>
 */
public final class WSAPROTOCOL_INFOW {
    /** {@code XP1_*} service flags. */
    public int dwServiceFlags1;
    /** {@code PFL_*} provider flags. */
    public int dwProviderFlags;
    /** The provider's catalog entry. */
    public int dwCatalogEntryId;
    /** The protocol version. */
    public int iVersion;
    /** {@link Ws2_32#AF_INET} or {@link Ws2_32#AF_INET6}. */
    public int iAddressFamily;
    /** The largest address size ({@code sizeof(SOCKADDR_IN6)} or {@code sizeof(SOCKADDR_IN)}). */
    public int iMaxSockAddr;
    /** The smallest address size. */
    public int iMinSockAddr;
    /** {@link Ws2_32#SOCK_STREAM} or {@link Ws2_32#SOCK_DGRAM}. */
    public int iSocketType;
    /** {@link Ws2_32#IPPROTO_TCP} or {@link Ws2_32#IPPROTO_UDP}. */
    public int iProtocol;
    /** The largest message size (0 for a stream). */
    public int dwMessageSize;
    /** The provider's own value: here, the duplication's identity. */
    public int dwProviderReserved;
    /** The protocol's name. */
    public String szProtocol = "";

    /** An empty structure for {@link Ws2_32#WSADuplicateSocketW} to fill. */
    public WSAPROTOCOL_INFOW() {
    }
}
