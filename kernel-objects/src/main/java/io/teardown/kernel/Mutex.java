package io.teardown.kernel;

/** A mutex ({@code CreateMutex}) of the object API; abandoned when its owner thread ends. */
public final class Mutex extends KernelHandle {
    private final KernelObjects owner;

    Mutex(KernelObjects owner, long value) {
        super(owner, value, "Mutant");
        this.owner = owner;
    }

    /** {@code ReleaseMutex}; {@code ERROR_NOT_OWNER} (288) if the calling thread does not own it. */
    public void release() {
        ok(k.ReleaseMutex(value()), "ReleaseMutex");
    }

    /** A second handle to this mutex. */
    public Mutex duplicate() {
        return owner.watched(new Mutex(owner, duplicateValue()));
    }
}
