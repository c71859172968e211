package io.teardown.winsock.front;

import static io.teardown.winsock.Ws2_32.IPPROTO_TCP;
import static io.teardown.winsock.Ws2_32.SOL_SOCKET;
import static io.teardown.winsock.Ws2_32.SO_DONTLINGER;
import static io.teardown.winsock.Ws2_32.SO_ERROR;
import static io.teardown.winsock.Ws2_32.SO_KEEPALIVE;
import static io.teardown.winsock.Ws2_32.SO_LINGER;
import static io.teardown.winsock.Ws2_32.SO_RCVBUF;
import static io.teardown.winsock.Ws2_32.SO_REUSEADDR;
import static io.teardown.winsock.Ws2_32.SO_SNDBUF;
import static io.teardown.winsock.Ws2_32.SO_TYPE;
import static io.teardown.winsock.Ws2_32.SO_UPDATE_ACCEPT_CONTEXT;
import static io.teardown.winsock.Ws2_32.TCP_NODELAY;

import io.teardown.api.IntRef;
import io.teardown.api.Win32Error;
import io.teardown.winsock.OptionBytes;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;

/**
 * The argument checks of the Winsock front: each returns 0 or the Winsock error Windows reports for the
 * argument ({@code WSAEFAULT} for a missing or too short buffer, WS-08), so a call that fails them never
 * reaches a driver. Which of them come before the socket lookup and which after is the front's choice,
 * written down in docs/winsock.md ("Bad input"): the option sizes before, as ws2_32 checks them itself;
 * the buffers of a data call after, as the provider does.
 */
final class Arguments {
    static final int OK = 0;
    private static final int EFAULT = Win32Error.WSAEFAULT.code();

    private Arguments() {
    }

    /** {@code buf} holds {@code len} bytes ({@code send}, {@code recv}, {@code sendto}, {@code recvfrom}). */
    static int buffer(byte[] buf, int len) {
        return buf == null || len < 0 || len > buf.length ? EFAULT : OK;
    }

    /**
     * An address argument: non-null, with an address, and {@code namelen} at least its size. The family
     * and port are the socket's business (the driver's).
     */
    static int address(SockAddr name, int namelen) {
        return name == null || name.address == null || namelen < name.size() ? EFAULT : OK;
    }

    /** An out-address pair: both given ({@code getsockname}, {@code getpeername}). */
    static int outAddress(SockAddr name, IntRef namelen) {
        return name == null || namelen == null ? EFAULT : OK;
    }

    /** The first {@code count} WSABUFs: given, each with a buffer holding its length. */
    static int buffers(WSABUF[] bufs, int count) {
        if (bufs == null || count <= 0 || count > bufs.length) {
            return EFAULT;
        }
        for (int i = 0; i < count; i++) {
            WSABUF b = bufs[i];
            if (b == null || b.buf == null || b.len < 0 || b.len > b.buf.length) {
                return EFAULT;
            }
        }
        return OK;
    }

    /**
     * {@code setsockopt}'s buffer (WS-08): a length outside the buffer (a NULL buffer has room for 0 bytes,
     * which an option without a value, {@code SO_UPDATE_CONNECT_CONTEXT}, passes), or a length shorter than
     * the option's size.
     */
    static int setOption(int level, int optname, byte[] optval, int optlen) {
        if (optlen < 0 || optlen > 0 && (optval == null || optlen > optval.length)) {
            return EFAULT;
        }
        return optlen < size(level, optname) ? EFAULT : OK;
    }

    /** {@code getsockopt}'s buffer (WS-08): both pointers given, room for the option's size. */
    static int getOption(int level, int optname, byte[] optval, IntRef optlen) {
        if (optval == null || optlen == null) {
            return EFAULT;
        }
        int size = size(level, optname);
        return optlen.value < size || optval.length < size ? EFAULT : OK;
    }

    /**
     * The size of an option Windows knows the layout of: {@code struct linger} for {@code SO_LINGER}, a
     * {@code SOCKET} (4 bytes at least, as on 32-bit Windows) for {@code SO_UPDATE_ACCEPT_CONTEXT}, an
     * {@code int}/BOOL for the others; 0 for options whose answer (an error, usually) is the driver's.
     */
    private static int size(int level, int optname) {
        if (level == SOL_SOCKET) {
            return switch (optname) {
                case SO_LINGER -> OptionBytes.LINGER_SIZE;
                case SO_DONTLINGER, SO_SNDBUF, SO_RCVBUF, SO_REUSEADDR, SO_KEEPALIVE, SO_TYPE, SO_ERROR,
                        SO_UPDATE_ACCEPT_CONTEXT -> OptionBytes.INT_SIZE;
                default -> 0;
            };
        }
        return level == IPPROTO_TCP && optname == TCP_NODELAY ? OptionBytes.INT_SIZE : 0;
    }

    /** The {@code SOCKET} an option value carries: little-endian, 8 bytes (or 4, as on 32-bit Windows). */
    static long socketValue(byte[] optval, int optlen) {
        long v = 0;
        for (int i = 0; i < Math.min(optlen, 8); i++) {
            v |= (optval[i] & 0xFFL) << (8 * i);
        }
        return v;
    }
}
