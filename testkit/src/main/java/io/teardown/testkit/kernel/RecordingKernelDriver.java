package io.teardown.testkit.kernel;

import io.teardown.kernel.spi.KernelDriver;
import io.teardown.testkit.CallRecorder;
import io.teardown.testkit.CallRecorder.Call;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link KernelDriver} that records every call that reaches it and passes it on to the backend's own
 * driver, so that a contract can tell what the front let through: a value the front rejects must never
 * reach the driver (KO-03, KO-04, KO-09, KO-11, KO-12) — neither its handle work nor the work of its
 * families ({@code sync()}, {@code processes()}, {@code files()}, {@code ports()}).
 */
final class RecordingKernelDriver implements AutoCloseable {
    /** The driver methods that take a resolved entry: the work of the handle functions. */
    static final Set<String> ENTRY_WORK = Set.of("handleFlags", "setHandleFlags", "prepareToClose", "doClose",
            "duplicate", "duplicatePseudo");

    /** The driver methods that return a family of functions: their calls are recorded too. */
    private static final Set<String> FAMILIES = Set.of("sync", "processes", "files", "ports");

    private final KernelDriver target;
    private final CallRecorder recorder = new CallRecorder();

    private RecordingKernelDriver(KernelDriver target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    /** A recording driver in front of {@code target}, and the recorder that holds its calls. */
    static RecordingKernelDriver over(KernelDriver target) {
        return new RecordingKernelDriver(target);
    }

    /** The driver to hand to the front; the calls to its families are recorded with the rest. */
    KernelDriver driver() {
        return recorder.proxy(KernelDriver.class, target, FAMILIES);
    }

    /** Every call so far, in order. */
    List<Call> calls() {
        return recorder.calls();
    }

    /** The calls so far to {@code method}. */
    List<Call> callsOf(String method) {
        return recorder.callsOf(method);
    }

    /** The calls so far that did the work of a handle function on an entry ({@link #ENTRY_WORK}). */
    List<Call> entryWork() {
        return recorder.calls().stream().filter(c -> ENTRY_WORK.contains(c.method())).toList();
    }

    /** Forgets the calls so far. */
    void clear() {
        recorder.clear();
    }

    /** Closes the backend's driver (the session calls this when it closes). */
    @Override
    public void close() {
        target.close();
    }
}
