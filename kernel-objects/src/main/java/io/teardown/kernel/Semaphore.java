package io.teardown.kernel;

import io.teardown.api.IntRef;

/** A semaphore ({@code CreateSemaphore}) of the object API. */
public final class Semaphore extends KernelHandle {
    private final KernelObjects owner;

    Semaphore(KernelObjects owner, long value) {
        super(owner, value, "Semaphore");
        this.owner = owner;
    }

    /** {@code ReleaseSemaphore}: returns the previous count; {@code ERROR_TOO_MANY_POSTS} (298) past the maximum. */
    public int release(int count) {
        IntRef previous = new IntRef();
        ok(k.ReleaseSemaphore(value(), count, previous), "ReleaseSemaphore");
        return previous.value;
    }

    /** A second handle to this semaphore. */
    public Semaphore duplicate() {
        return owner.watched(new Semaphore(owner, duplicateValue()));
    }
}
