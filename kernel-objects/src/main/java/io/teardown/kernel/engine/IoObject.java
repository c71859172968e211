package io.teardown.kernel.engine;

/** An object {@code ReadFile}/{@code WriteFile} work on: a file, a pipe end, a mailslot, a standard stream. */
abstract class IoObject extends KernelObject {
    /** Reads up to {@code n} bytes; 0 means end of file (for files). Runs on the calling thread. */
    abstract int read(byte[] buffer, int n, Engine engine) throws IoFailure;

    /** Writes {@code n} bytes; returns how many were written. */
    abstract int write(byte[] buffer, int n, Engine engine) throws IoFailure;

    /** The overlapped-I/O state of an object opened with {@code FILE_FLAG_OVERLAPPED}; null otherwise. */
    AsyncIo asyncIo() {
        return null;
    }

    /** Files are signalled (no I/O pending) for the wait functions. */
    @Override
    boolean waitable() {
        return true;
    }

    @Override
    boolean signaled(Thread waiter) {
        return true;
    }
}
