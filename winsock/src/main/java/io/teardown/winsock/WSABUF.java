package io.teardown.winsock;

/**
 * {@code WSABUF}: one buffer of a scatter/gather {@link Ws2_32#WSASend}/{@link Ws2_32#WSARecv}, with the
 * C member names. {@code buf} is written (receive) or read (send) from index 0 to {@code len}.
 */
public final class WSABUF {
    /** The number of bytes of {@link #buf} to use. */
    public int len;
    /** The buffer. */
    public byte[] buf;

    /** An empty structure. */
    public WSABUF() {
    }

    /** A structure over the whole array. */
    public WSABUF(byte[] buf) {
        this(buf, buf == null ? 0 : buf.length);
    }

    /** A structure over the first {@code len} bytes. */
    public WSABUF(byte[] buf, int len) {
        this.buf = buf;
        this.len = len;
    }
}
