package io.teardown.backend.windows.jna;

import com.sun.jna.Native;

/**
 * Where the calling thread's Win32 last error is kept after a native call. In production that is
 * JNA's per-thread copy ({@link #JNA}), saved by JNA's dispatch code straight after every native call,
 * before the JVM can run anything that overwrites the OS value.
 */
public interface LastErrorSlot {
    /** JNA's slot: {@link Native#getLastError()} / {@link Native#setLastError(int)}. */
    LastErrorSlot JNA = new LastErrorSlot() {
        @Override
        public int get() {
            return Native.getLastError();
        }

        @Override
        public void set(int code) {
            Native.setLastError(code);
        }

        @Override
        public String toString() {
            return "Native.getLastError()";
        }
    };

    /** The calling thread's last error. */
    int get();

    /** Sets the calling thread's last error (what {@code SetLastError} does). */
    void set(int code);
}
