package io.teardown.kernel.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * A job object: a group of real processes. {@code TerminateJobObject} kills them; with
 * {@code JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE}, closing the job's last handle kills them too. Emulated in
 * the session (the OS groups nothing): only processes assigned through the job are ended, not their
 * children.
 */
final class JobObject extends KernelObject {
    private final List<ProcessHandle> processes = new ArrayList<>();
    private boolean killOnClose;

    @Override
    String typeName() {
        return "Job";
    }

    synchronized void assign(ProcessHandle p) {
        processes.add(p);
    }

    synchronized void killOnClose(boolean on) {
        killOnClose = on;
    }

    synchronized void terminate() {
        for (ProcessHandle p : new ArrayList<>(processes)) {
            p.destroyForcibly();
        }
    }

    @Override
    synchronized void lastHandleClosed() {
        if (killOnClose) {
            terminate();
        }
    }
}
