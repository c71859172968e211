package io.teardown.kernel;

import io.teardown.api.IntRef;
import java.util.OptionalInt;

/**
 * A thread started by {@link KernelObjects#startThread} ({@code CreateThread}). Closing it does not stop
 * the thread (KO-06).
 */
public final class KernelThread extends KernelHandle {
    KernelThread(KernelObjects owner, long value) {
        super(owner, value, "Thread");
    }

    /** {@code GetExitCodeThread}: empty while the thread runs. */
    public OptionalInt exitCode() {
        IntRef code = new IntRef();
        ok(k.GetExitCodeThread(value(), code), "GetExitCodeThread");
        return code.value == Kernel32.STILL_ACTIVE ? OptionalInt.empty() : OptionalInt.of(code.value);
    }

    /** {@code CancelSynchronousIo}: ends the thread's blocked read with 995 (KO-10). */
    public void cancelSynchronousIo() {
        ok(k.CancelSynchronousIo(value()), "CancelSynchronousIo");
    }
}
