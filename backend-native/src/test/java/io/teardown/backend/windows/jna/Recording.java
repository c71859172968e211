package io.teardown.backend.windows.jna;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * The shared part of the recording library implementations: every call is recorded as
 * {@code name(args)}, answered from a script (value, and the last error the "DLL" sets on the
 * calling thread), and may run a test hook while "inside" the native function.
 */
public abstract class Recording {
    /** A scripted answer: the return value and the last error to set ({@code null}: leave it). */
    public record Outcome(long value, Integer lastError) {
    }

    /** What runs while the recorded call is in progress (on the calling thread). */
    @FunctionalInterface
    public interface Hook {
        void during(Object[] args) throws Exception;
    }

    final LastErrorSlot slot;
    public final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Outcome> script = new ConcurrentHashMap<>();
    private final Map<String, Hook> hooks = new ConcurrentHashMap<>();

    Recording(LastErrorSlot slot) {
        this.slot = slot;
    }

    /** Scripts {@code function} to return {@code value} and set the last error to {@code lastError}. */
    public final void answer(String function, long value, Integer lastError) {
        script.put(function, new Outcome(value, lastError));
    }

    /** Runs {@code hook} inside every call of {@code function}. */
    public final void during(String function, Hook hook) {
        hooks.put(function, hook);
    }

    /** Records a call and returns its scripted value (0 and last error untouched by default). */
    public final long call(String function, Object... args) {
        calls.add(function + "(" + Arrays.stream(args).map(String::valueOf).collect(Collectors.joining(", ")) + ")");
        Hook hook = hooks.get(function);
        if (hook != null) {
            try {
                hook.during(args);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        Outcome o = script.getOrDefault(function, new Outcome(0, null));
        if (o.lastError() != null) {
            slot.set(o.lastError());
        }
        return o.value();
    }

    /** The recorded calls of {@code function}. */
    public final List<String> callsOf(String function) {
        return calls.stream().filter(c -> c.startsWith(function + "(")).toList();
    }
}
