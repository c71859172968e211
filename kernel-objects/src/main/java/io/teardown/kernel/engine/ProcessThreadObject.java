package io.teardown.kernel.engine;

/**
 * The primary thread of a process started by {@code CreateProcess}: the JVM cannot see another
 * process's threads, so it is signalled (and reports the exit code) when the process exits.
 */
final class ProcessThreadObject extends KernelObject {
    private final ProcessObject process;

    ProcessThreadObject(ProcessObject process) {
        this.process = process;
        process.reference();
        process.signalOnExit(this);
    }

    @Override
    String typeName() {
        return "Thread";
    }

    ProcessObject process() {
        return process;
    }

    @Override
    boolean waitable() {
        return true;
    }

    @Override
    boolean signaled(Thread waiter) {
        return process.signaled(waiter);
    }

    @Override
    boolean polled() {
        return process.polled();
    }

    @Override
    void destroy() {
        process.dereference();
    }
}
