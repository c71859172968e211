package io.teardown.backend.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code WSABUF} ({@code ws2def.h}): {@code ULONG len; CHAR *buf;} — 16 bytes on Win64 (4 bytes of
 * padding before the pointer). For overlapped {@code WSASend}/{@code WSARecv} the buffer must be
 * native memory that outlives the I/O (a {@link com.sun.jna.Memory} the caller keeps), never a Java
 * array.
 */
@FieldOrder({"len", "buf"})
public final class WSABUF extends Structure {
    /** Buffer length in bytes. */
    public int len;
    /** The buffer. */
    public Pointer buf;

    /** Empty. */
    public WSABUF() {
    }

    /** Describes {@code length} bytes at {@code buffer}. */
    public WSABUF(Pointer buffer, int length) {
        this.buf = buffer;
        this.len = length;
    }
}
