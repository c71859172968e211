package io.teardown.wlan.engine;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;

/**
 * The wire protocol between a WLAN client session and the emulated WLAN service: length-prefixed binary
 * frames over one TCP connection per client session (as {@code WlanOpenHandle} opens one RPC binding per
 * client handle on Windows).
 *
 * <p>A frame is {@code int length} (big-endian, counting what follows), {@code byte kind}, {@code int id},
 * then a kind-specific body. The client numbers its requests; the service answers each with a
 * {@link #REPLY} carrying the same id, a DWORD result and a body, and pushes {@link #NOTIFY} frames (id 0)
 * at any time. The first request must be {@link #HELLO} with the per-start secret; anything else closes
 * the connection.
 */
public final class WlanProtocol {
    /** The largest frame either side accepts (after the length field). */
    public static final int MAX_FRAME = 1 << 20;
    /** Bytes of the length prefix. */
    public static final int LENGTH_FIELD = 4;

    /** Client: version (int), secret (bytes). Reply body: negotiated version (int). */
    public static final byte HELLO = 1;
    /** Client: no body. Reply body: count, then (uuid, description, state) per interface. */
    public static final byte ENUM_INTERFACES = 2;
    /** Client: interface (uuid), ssid (string, empty for all). Reply: no body. */
    public static final byte SCAN = 3;
    /** Client: interface (uuid), flags (int). Reply body: count, then (ssid, quality, secured, flags). */
    public static final byte GET_NETWORKS = 4;
    /** Client: interface (uuid), ssid (string). Reply: no body. */
    public static final byte CONNECT = 5;
    /** Client: interface (uuid). Reply: no body. */
    public static final byte DISCONNECT = 6;
    /** Client: notification sources (int). Reply: no body. */
    public static final byte REGISTER = 7;
    /** Service: the answer to the request with the same id: result (int), then a body. */
    public static final byte REPLY = 64;
    /** Service: a notification: source, code (ints), interface (uuid), data (bytes). */
    public static final byte NOTIFY = 65;

    private WlanProtocol() {
    }

    /** One decoded frame. */
    public record Frame(byte kind, int id, Reader body) {
    }

    /** Decodes a frame whose length prefix was already stripped. */
    public static Frame decode(byte[] frame) {
        if (frame.length < 5) {
            throw new IllegalArgumentException("WLAN frame too short: " + frame.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(frame);
        byte kind = b.get();
        int id = b.getInt();
        return new Frame(kind, id, new Reader(b.slice()));
    }

    /** Starts a frame of this kind and id; {@link Writer#toFrame()} gives the bytes with the length prefix. */
    public static Writer frame(byte kind, int id) {
        return new Writer().putByte(kind).putInt(id);
    }

    /** Builds a frame body. Not thread-safe. */
    public static final class Writer {
        private byte[] buf = new byte[64];
        private int pos = LENGTH_FIELD;

        private Writer() {
        }

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        /** Appends one byte. */
        public Writer putByte(int v) {
            ensure(1);
            buf[pos++] = (byte) v;
            return this;
        }

        /** Appends a big-endian int. */
        public Writer putInt(int v) {
            ensure(4);
            buf[pos++] = (byte) (v >>> 24);
            buf[pos++] = (byte) (v >>> 16);
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
            return this;
        }

        /** Appends a boolean as one byte. */
        public Writer putBool(boolean v) {
            return putByte(v ? 1 : 0);
        }

        /** Appends a UUID (two longs). */
        public Writer putUuid(UUID v) {
            long hi = v.getMostSignificantBits();
            long lo = v.getLeastSignificantBits();
            return putInt((int) (hi >>> 32)).putInt((int) hi).putInt((int) (lo >>> 32)).putInt((int) lo);
        }

        /** Appends length-prefixed bytes (null as length -1). */
        public Writer putBytes(byte[] v) {
            if (v == null) {
                return putInt(-1);
            }
            putInt(v.length);
            ensure(v.length);
            System.arraycopy(v, 0, buf, pos, v.length);
            pos += v.length;
            return this;
        }

        /** Appends a UTF-8 string (null as length -1). */
        public Writer putString(String v) {
            return putBytes(v == null ? null : v.getBytes(StandardCharsets.UTF_8));
        }

        /** The frame with its length prefix. */
        public byte[] toFrame() {
            int len = pos - LENGTH_FIELD;
            buf[0] = (byte) (len >>> 24);
            buf[1] = (byte) (len >>> 16);
            buf[2] = (byte) (len >>> 8);
            buf[3] = (byte) len;
            return Arrays.copyOf(buf, pos);
        }
    }

    /** Reads a frame body; a short or malformed body throws {@link IllegalArgumentException}. */
    public static final class Reader {
        private final ByteBuffer b;

        Reader(ByteBuffer b) {
            this.b = b;
        }

        /** Reads one byte. */
        public byte getByte() {
            try {
                return b.get();
            } catch (BufferUnderflowException e) {
                throw malformed();
            }
        }

        /** Reads an int. */
        public int getInt() {
            try {
                return b.getInt();
            } catch (BufferUnderflowException e) {
                throw malformed();
            }
        }

        /** Reads a boolean. */
        public boolean getBool() {
            return getByte() != 0;
        }

        /** Reads a UUID. */
        public UUID getUuid() {
            try {
                return new UUID(b.getLong(), b.getLong());
            } catch (BufferUnderflowException e) {
                throw malformed();
            }
        }

        /** Reads length-prefixed bytes. */
        public byte[] getBytes() {
            int n = getInt();
            if (n == -1) {
                return null;
            }
            if (n < 0 || n > b.remaining()) {
                throw malformed();
            }
            byte[] out = new byte[n];
            b.get(out);
            return out;
        }

        /** Reads a string. */
        public String getString() {
            byte[] v = getBytes();
            return v == null ? null : new String(v, StandardCharsets.UTF_8);
        }

        private static IllegalArgumentException malformed() {
            return new IllegalArgumentException("malformed WLAN frame");
        }
    }
}
