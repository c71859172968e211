package io.teardown.winsock.engine;

import java.util.Objects;

/**
 * Bytes a {@link Connection} received, handed to the engine without copying (the Netty transport
 * passes the buffers it read into), so {@code recv}/{@code WSARecv} copy them once, straight into the
 * application's buffer. From {@link ConnectionEvents#received} on the engine owns them: it reads them
 * under the socket's lock (one thread at a time) and releases them exactly once — when they are read to
 * the end, or when it discards them unread ({@code closesocket} in every linger mode, {@code CloseHandle}
 * and the session's end (WS-15, WS-16), {@code WSACleanup}, {@code shutdown(SD_RECEIVE)} with data
 * queued, data arriving after {@code SD_RECEIVE} or after the socket closed or failed, a connection
 * nobody accepted).
 */
public interface ReceivedBytes {
    /** Bytes not read yet (0 once released). */
    int readable();

    /** Copies up to {@code length} unread bytes into {@code into} at {@code offset} and consumes them; returns how many. */
    int read(byte[] into, int offset, int length);

    /** Copies up to {@code length} unread bytes into {@code into} at {@code offset} without consuming them (MSG_PEEK). */
    int peek(byte[] into, int offset, int length);

    /** Gives the memory back to the transport. Idempotent. */
    void release();

    /** Bytes already in an array of the engine's own (nothing to give back). */
    static ReceivedBytes of(byte[] data) {
        return new HeapBytes(Objects.requireNonNull(data, "data"));
    }

    /** An array and a read position; release only forgets the array. */
    final class HeapBytes implements ReceivedBytes {
        private byte[] data; // null once released
        private int position;

        private HeapBytes(byte[] data) {
            this.data = data;
        }

        @Override
        public int readable() {
            byte[] d = data;
            return d == null ? 0 : d.length - position;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            int n = peek(into, offset, length);
            position += n;
            return n;
        }

        @Override
        public int peek(byte[] into, int offset, int length) {
            byte[] d = data;
            if (d == null) {
                return 0;
            }
            int n = Math.min(length, d.length - position);
            System.arraycopy(d, position, into, offset, n);
            return n;
        }

        @Override
        public void release() {
            data = null;
        }

        @Override
        public String toString() {
            return "HeapBytes[" + readable() + " bytes]";
        }
    }
}
