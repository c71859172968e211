package io.teardown.testkit.winsock;

import io.teardown.testkit.CallRecorder;
import io.teardown.testkit.CallRecorder.Call;
import io.teardown.winsock.spi.WinsockDriver;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A {@link WinsockDriver} that records every call that reaches it and passes it on to the backend's own
 * driver, so that a contract can tell what the Winsock front let through: a value or an argument the front
 * rejects must never reach the driver (WS-01, WS-02, WS-08, WS-15).
 */
final class RecordingWinsockDriver implements AutoCloseable {
    /**
     * The calls that are not work: the front classifies table entries with {@code socketOf} and asks for
     * the capabilities and the function families; everything else a driver does — the families' methods
     * included — is the work of a Winsock function.
     */
    private static final Set<String> NOT_WORK = Set.of("socketOf", "faults", "diagnostics", "close", "events",
            "extensions");
    /** The accessors of the function families, whose objects are recorded too. */
    private static final Set<String> FAMILIES = Set.of("events", "extensions");

    private final WinsockDriver<?> target;
    private final CallRecorder recorder = new CallRecorder();

    private RecordingWinsockDriver(WinsockDriver<?> target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    /** A recorder in front of {@code target}. */
    static RecordingWinsockDriver over(WinsockDriver<?> target) {
        return new RecordingWinsockDriver(target);
    }

    /** The driver to hand to the front. */
    @SuppressWarnings("unchecked")
    <S extends WinsockDriver.Socket> WinsockDriver<S> driver() {
        return (WinsockDriver<S>) recorder.proxy(WinsockDriver.class, target, FAMILIES);
    }

    /** The calls so far that did a Winsock function's work, in order. */
    List<Call> work() {
        return recorder.calls().stream().filter(c -> !NOT_WORK.contains(c.method())).toList();
    }

    /** The calls so far to {@code method}. */
    List<Call> callsOf(String method) {
        return recorder.callsOf(method);
    }

    /** The names of the work calls so far, in order (for messages and assertions). */
    List<String> workNames() {
        return work().stream().map(Call::method).toList();
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
