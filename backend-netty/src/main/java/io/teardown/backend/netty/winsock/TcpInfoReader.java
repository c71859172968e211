package io.teardown.backend.netty.winsock;

import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Reads, on epoll, what {@code getsockopt(IPPROTO_TCP, TCP_INFO)} says about data the kernel still
 * holds for a connection ({@code tcpi_unacked}, {@code tcpi_notsent_bytes}: linux/tcp.h), which is how
 * a lingering {@code closesocket} learns that everything was acknowledged (WS-06, docs/winsock.md).
 *
 * <p>Without allocating: Netty's raw channel option allocates a buffer per read, and with 10 000
 * lingering closes on their own threads those buffers were what filled a small young generation again
 * and again, each collection scanning 10 000 stacks (issue 22, docs/RELIABILITY.md). Here buffers are
 * shared; a read claims one with a compare-and-set for the length of one system call,
 * starting at a slot picked by its thread so that concurrent readers rarely meet. Only when every
 * buffer is taken at once does a read use a buffer of its own.
 *
 * <p>The buffers are on the heap, not direct: for a direct buffer Netty asks for its address, which on
 * Java 24 and later (where Netty leaves {@code sun.misc.Unsafe} alone) wraps it in a new
 * {@code MemorySegment} per read; for a heap buffer its native call copies into the array and
 * allocates nothing.
 */
final class TcpInfoReader {
    private static final int IPPROTO_TCP = 6;
    private static final int TCP_INFO = 11;
    /** The structure up to {@code tcpi_notsent_bytes} and a little beyond (Linux 4.6+ fills it all). */
    private static final int LENGTH = 232;
    private static final int TCPI_UNACKED = 24;
    private static final int TCPI_NOTSENT_BYTES = 144;
    /**
     * A power of two. Not 16, as first: a reader preempted between its claim and its release keeps its
     * buffer, and with thousands of closing threads runnable on two cores that happened to every one of
     * them, so 1 400 closers at once fell back to allocating, and the collection storm this class exists
     * to prevent came back (a thread dump of a cold 10 000-close run, issue 22). 1 024 buffers are
     * 232 KiB and a little.
     */
    private static final int BUFFERS = 1024;
    private static final ByteBuffer[] SHARED = new ByteBuffer[BUFFERS];
    private static final AtomicIntegerArray CLAIMED = new AtomicIntegerArray(BUFFERS);

    static {
        for (int i = 0; i < BUFFERS; i++) {
            // An array each, not slices of one: the native call may copy the whole array in and out
            // (JNI's array elements), and copying one shared array back wrote other readers' slices
            // with what they held before their own call (a lingering close then saw nothing pending
            // and closed gracefully: 16 of 2 000 in a LingerStress run).
            SHARED[i] = ByteBuffer.allocate(LENGTH).order(ByteOrder.nativeOrder());
        }
    }

    private TcpInfoReader() {
    }

    /**
     * Segments sent but not acknowledged plus bytes not yet sent: zero when the kernel holds nothing
     * more for the peer.
     *
     * @throws IOException if the socket is closed (or not a TCP socket)
     */
    static long pending(Socket socket) throws IOException {
        int start = (int) Thread.currentThread().getId();
        for (int i = 0; i < BUFFERS; i++) {
            int k = (start + i) & (BUFFERS - 1);
            if (CLAIMED.compareAndSet(k, 0, 1)) {
                try {
                    return read(socket, SHARED[k]);
                } finally {
                    CLAIMED.set(k, 0);
                }
            }
        }
        return read(socket, ByteBuffer.allocate(LENGTH).order(ByteOrder.nativeOrder()));
    }

    private static long read(Socket socket, ByteBuffer info) throws IOException {
        // A kernel older than the structure fills less of it: what it leaves must read as zero, not as
        // the previous reader's values.
        info.clear();
        for (int i = 0; i < LENGTH; i += Long.BYTES) {
            info.putLong(i, 0);
        }
        socket.getRawOpt(IPPROTO_TCP, TCP_INFO, info);
        return Integer.toUnsignedLong(info.getInt(TCPI_UNACKED)) + Integer.toUnsignedLong(info.getInt(TCPI_NOTSENT_BYTES));
    }
}
