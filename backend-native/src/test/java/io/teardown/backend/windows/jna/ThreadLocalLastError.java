package io.teardown.backend.windows.jna;

/**
 * A per-thread last-error slot for tests, standing in for JNA's: each thread sees only what calls on
 * that thread stored, exactly like {@code GetLastError()}.
 */
public final class ThreadLocalLastError implements LastErrorSlot {
    private final ThreadLocal<Integer> value = ThreadLocal.withInitial(() -> 0);

    @Override
    public int get() {
        return value.get();
    }

    @Override
    public void set(int code) {
        value.set(code);
    }
}
