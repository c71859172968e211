package io.teardown.winsock.engine;

import io.teardown.api.Win32Error;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSAPROTOCOL_INFOW;
import io.teardown.winsock.Ws2_32;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code WSADuplicateSocket} and {@code WSASocket(FROM_PROTOCOL_INFO)} (WS-19): the first fills a
 * {@link WSAPROTOCOL_INFOW} naming the socket, the second makes another descriptor for it. The
 * descriptors share one socket ({@link EmulatedSocket#attachDescriptor}); only the last
 * {@code closesocket} closes it. An info is good for one {@code WSASocket}; the final
 * {@code WSACleanup} forgets those never used. See docs/winsock.md.
 */
final class SocketDescriptors {
    /** XP1_GUARANTEED_DELIVERY | XP1_GUARANTEED_ORDER | XP1_GRACEFUL_CLOSE | XP1_EXPEDITED_DATA | XP1_IFS_HANDLES. */
    private static final int TCP_SERVICE_FLAGS = 0x20066;
    /** XP1_CONNECTIONLESS | XP1_MESSAGE_ORIENTED | XP1_SUPPORT_BROADCAST | XP1_SUPPORT_MULTIPOINT | XP1_IFS_HANDLES. */
    private static final int UDP_SERVICE_FLAGS = 0x20609;
    /** The largest UDP payload Windows reports in dwMessageSize. */
    private static final int UDP_MESSAGE_SIZE = 0xFFBB;

    private final Map<Integer, EmulatedSocket> offered = new ConcurrentHashMap<>();
    private final AtomicInteger next = new AtomicInteger();

    /** The process id WSADuplicateSocket accepts: this one (a session is this process's Winsock). */
    static int currentProcessId() {
        return (int) ProcessHandle.current().pid();
    }

    /** WSADuplicateSocket on a leased socket. */
    void duplicate(EmulatedSocket sock, int processId, WSAPROTOCOL_INFOW info) {
        if (processId == 0 || processId != currentProcessId()) {
            throw WsaException.of(Win32Error.WSAEINVAL);
        }
        if (info == null) {
            throw WsaException.of(Win32Error.WSAEFAULT);
        }
        boolean tcp = sock.type() == Ws2_32.SOCK_STREAM;
        boolean v6 = sock.family == Ws2_32.AF_INET6;
        int token;
        do {
            token = next.incrementAndGet();
        } while (token == 0 || offered.putIfAbsent(token, sock) != null);
        info.dwServiceFlags1 = tcp ? TCP_SERVICE_FLAGS : UDP_SERVICE_FLAGS;
        info.dwProviderFlags = 0;
        info.dwCatalogEntryId = (v6 ? 1003 : 1001) + (tcp ? 0 : 1);
        info.iVersion = 2;
        info.iAddressFamily = sock.family;
        info.iMaxSockAddr = v6 ? SockAddr.SIZE_IN6 : SockAddr.SIZE_IN;
        info.iMinSockAddr = info.iMaxSockAddr;
        info.iSocketType = sock.type();
        info.iProtocol = tcp ? Ws2_32.IPPROTO_TCP : Ws2_32.IPPROTO_UDP;
        info.dwMessageSize = tcp ? 0 : UDP_MESSAGE_SIZE;
        info.dwProviderReserved = token;
        info.szProtocol = "MSAFD Tcpip [" + (tcp ? "TCP" : "UDP") + "/IP" + (v6 ? "v6" : "") + "]";
    }

    /** WSASocket(FROM_PROTOCOL_INFO): the socket the info names, with one more descriptor. */
    EmulatedSocket take(int af, int type, int protocol, WSAPROTOCOL_INFOW info) {
        if (!matches(af, info.iAddressFamily) || !matches(type, info.iSocketType) || !matches(protocol, info.iProtocol)) {
            throw WsaException.of(Win32Error.WSAEINVAL);
        }
        EmulatedSocket sock = offered.remove(info.dwProviderReserved);
        if (sock == null || sock.family != info.iAddressFamily || sock.type() != info.iSocketType) {
            throw WsaException.of(Win32Error.WSAEINVAL);
        }
        if (!sock.attachDescriptor()) {
            throw WsaException.of(Win32Error.WSAEINVAL); // every descriptor was closed meanwhile
        }
        return sock;
    }

    private static boolean matches(int given, int fromInfo) {
        return given == 0 || given == Ws2_32.FROM_PROTOCOL_INFO || given == fromInfo;
    }

    /** The final WSACleanup: infos not used by then name sockets that are gone. */
    void clear() {
        offered.clear();
    }
}
