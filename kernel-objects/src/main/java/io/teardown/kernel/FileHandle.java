package io.teardown.kernel;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;

/** A file, pipe end or console handle ({@code CreateFile}, {@code CreatePipe}) of the object API. */
public final class FileHandle extends KernelHandle {
    private final KernelObjects owner;

    FileHandle(KernelObjects owner, long value) {
        super(owner, value, "File");
        this.owner = owner;
    }

    /** {@code ReadFile}: bytes read, 0 at the end of a file. A pipe whose writer has gone throws 109. */
    public int read(byte[] buffer) {
        IntRef n = new IntRef();
        ok(k.ReadFile(value(), buffer, buffer.length, n, null), "ReadFile");
        return n.value;
    }

    /** {@code WriteFile}: writes all of {@code data}. */
    public void write(byte[] data) {
        IntRef n = new IntRef();
        ok(k.WriteFile(value(), data, data.length, n, null), "WriteFile");
    }

    /** {@code GetFileSizeEx}. */
    public long size() {
        LongRef size = new LongRef();
        ok(k.GetFileSizeEx(value(), size), "GetFileSizeEx");
        return size.value;
    }

    /** {@code SetFilePointerEx(FILE_BEGIN)}. */
    public void position(long offset) {
        ok(k.SetFilePointerEx(value(), offset, null, Kernel32.FILE_BEGIN), "SetFilePointerEx");
    }

    /** A second handle to the same open file. */
    public FileHandle duplicate() {
        return owner.watched(new FileHandle(owner, duplicateValue()));
    }
}
