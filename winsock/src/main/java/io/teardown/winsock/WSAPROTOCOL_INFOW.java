package io.teardown.winsock;

/**
 * {@code WSAPROTOCOL_INFOW} with the C member names: what
 * {@link Ws2_32#WSADuplicateSocketW} fills and {@link Ws2_32#WSASocketW} reads back to make a second
 * descriptor for the same socket (WS-19). {@link #dwProviderReserved} identifies the socket being
 * duplicated, as Windows' provider keeps its own value there; it is meaningful only to the session
 * that filled the structure.
 *
 * @see <a href="../../../../../../docs/winsock.md">docs/winsock.md</a>
 */
public final class WSAPROTOCOL_INFOW {
    /** {@code MAX_PROTOCOL_CHAIN}. */
    public static final int MAX_PROTOCOL_CHAIN = 7;
    /** {@code WSAPROTOCOL_LEN}: the most characters of {@link #szProtocol} (without the terminator). */
    public static final int WSAPROTOCOL_LEN = 255;

    /** {@code XP1_*} service flags. */
    public int dwServiceFlags1;
    /** Reserved. */
    public int dwServiceFlags2;
    /** Reserved. */
    public int dwServiceFlags3;
    /** Reserved. */
    public int dwServiceFlags4;
    /** {@code PFL_*} provider flags. */
    public int dwProviderFlags;
    /** The provider's GUID (null: all zero). */
    public GUID ProviderId;
    /** The provider's catalog entry. */
    public int dwCatalogEntryId;
    /** {@code WSAPROTOCOLCHAIN.ChainLen}. */
    public int ProtocolChainLen;
    /** {@code WSAPROTOCOLCHAIN.ChainEntries}. */
    public int[] ProtocolChainEntries = new int[MAX_PROTOCOL_CHAIN];
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
    /** The largest offset added to {@link #iProtocol} (raw sockets). */
    public int iProtocolMaxOffset;
    /** {@code BIGENDIAN} (0) or {@code LITTLEENDIAN} (1). */
    public int iNetworkByteOrder;
    /** {@code SECURITY_PROTOCOL_NONE} (0) here. */
    public int iSecurityScheme;
    /** The largest message size (0 for a stream). */
    public int dwMessageSize;
    /** The provider's own value: here, the duplication's identity. */
    public int dwProviderReserved;
    /** The protocol's name (at most {@link #WSAPROTOCOL_LEN} characters). */
    public String szProtocol = "";

    /** An empty structure for {@link Ws2_32#WSADuplicateSocketW} to fill. */
    public WSAPROTOCOL_INFOW() {
    }
}
