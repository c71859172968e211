package io.teardown.kernel.engine;

import io.teardown.kernel.Kernel32;
import java.util.Optional;

/**
 * A process: a real operating-system process (started by {@code CreateProcess} or opened by id), or
 * this JVM itself ({@code GetCurrentProcess()}). Signalled when the process has exited. Closing its
 * handles never stops it (KO-06).
 */
final class ProcessObject extends KernelObject {
    private final Dispatcher dispatcher;
    private final ProcessHandle handle;
    private final Process child; // null unless we started it
    private volatile Integer terminatedWith;

    ProcessObject(Dispatcher dispatcher, ProcessHandle handle, Process child) {
        this.dispatcher = dispatcher;
        this.handle = handle;
        this.child = child;
        signalOnExit(this);
    }

    /** Wakes the threads waiting on {@code waitable} (this process, or its primary thread) when it exits. */
    void signalOnExit(KernelObject waitable) {
        if (!isSelf()) {
            handle.onExit().thenRun(() -> dispatcher.signal(waitable));
        }
    }

    @Override
    String typeName() {
        return "Process";
    }

    ProcessHandle handle() {
        return handle;
    }

    boolean isSelf() {
        return handle.equals(ProcessHandle.current());
    }

    int pid() {
        return (int) handle.pid();
    }

    /** {@code TerminateProcess}: kills the real process; the exit code reported is {@code code}. */
    boolean terminate(int code) {
        if (isSelf()) {
            return false;
        }
        if (handle.isAlive()) {
            terminatedWith = code;
            handle.destroyForcibly();
        }
        return true;
    }

    /** {@code STILL_ACTIVE} while running; the exit status once ended (0 if the OS does not say). */
    int exitCode() {
        if (handle.isAlive()) {
            return Kernel32.STILL_ACTIVE;
        }
        Integer t = terminatedWith;
        if (t != null) {
            return t;
        }
        return Optional.ofNullable(child).map(c -> {
            try {
                return c.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }).orElse(0);
    }

    @Override
    boolean waitable() {
        return true;
    }

    @Override
    boolean signaled(Thread waiter) {
        return !isSelf() && !handle.isAlive();
    }

    @Override
    boolean polled() {
        // onExit() wakes waiters; the re-check covers a process that ended before it was registered.
        return !isSelf() && handle.isAlive();
    }
}
