package io.teardown.backend.windows.wininet;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.teardown.backend.windows.jna.INTERNET_BUFFERS;
import io.teardown.wininet.InternetBuffers;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The facade's {@link InternetBuffers} as native {@code INTERNET_BUFFERSW}: the header as UTF-16, the
 * buffer copied into (or sized for) native memory, {@code Next} left NULL (Windows ignores it). The
 * structure and its memory stay reachable through {@link #keep()} while an async call uses them. See
 * docs/wininet.md ("Uploads").
 */
final class NativeBuffers {
    final INTERNET_BUFFERS struct = new INTERNET_BUFFERS();
    final Memory header;
    final Memory buffer;

    private NativeBuffers(InternetBuffers from, boolean copyBuffer) {
        struct.dwStructSize = from.dwStructSize;
        if (from.lpcszHeader != null) {
            byte[] wide = (from.lpcszHeader + "\0").getBytes(StandardCharsets.UTF_16LE);
            header = new Memory(wide.length);
            header.write(0, wide, 0, wide.length);
            struct.lpcszHeader = header;
        } else {
            header = null;
        }
        struct.dwHeadersLength = from.dwHeadersLength;
        struct.dwHeadersTotal = from.dwHeadersTotal;
        int length = Math.max(0, from.dwBufferLength);
        buffer = length == 0 ? null : new Memory(length);
        if (buffer != null && copyBuffer && from.lpvBuffer != null) {
            buffer.write(0, from.lpvBuffer, 0, Math.min(length, from.lpvBuffer.length));
        }
        struct.lpvBuffer = buffer == null ? Pointer.NULL : buffer;
        struct.dwBufferLength = from.dwBufferLength;
        struct.dwBufferTotal = from.dwBufferTotal;
        struct.dwOffsetLow = from.dwOffsetLow;
        struct.dwOffsetHigh = from.dwOffsetHigh;
        struct.write();
    }

    /** For HttpSendRequestEx: the first body bytes copied out. */
    static NativeBuffers toSend(InternetBuffers from) {
        return new NativeBuffers(from, true);
    }

    /** For InternetReadFileEx: room for {@code dwBufferLength} bytes. */
    static NativeBuffers toReceive(InternetBuffers into) {
        return new NativeBuffers(into, false);
    }

    /** After a read finished: the bytes WinINet wrote and their count, back into {@code into}. */
    void readInto(InternetBuffers into) {
        struct.read();
        int n = Math.max(0, Math.min(struct.dwBufferLength, into.lpvBuffer == null ? 0 : into.lpvBuffer.length));
        if (n > 0 && buffer != null) {
            buffer.read(0, into.lpvBuffer, 0, (int) Math.min(n, buffer.size()));
        }
        into.dwBufferLength = n;
    }

    /** What must stay reachable while WinINet may still use this structure. */
    List<Object> keep() {
        return header == null ? List.of(struct, buffer == null ? struct : buffer)
                : List.of(struct, header, buffer == null ? struct : buffer);
    }
}
