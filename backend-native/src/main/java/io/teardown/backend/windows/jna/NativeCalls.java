package io.teardown.backend.windows.jna;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Runs one binding call and captures the Win32 last error on the same thread, immediately after it
 * returns — before any other native call (logging, class loading, another binding) can replace it.
 * Every native-backend call that reports failure through {@code GetLastError()}/
 * {@code WSAGetLastError()} goes through here; the flat facades then store the captured code in the
 * session's per-thread last error.
 *
 * <p>The value is captured whether or not the call failed, because Windows leaves the last error as
 * it was on success for the close functions (SEMANTICS preamble) and sets it on success for others
 * (e.g. {@code ERROR_ALREADY_EXISTS} from {@code CreateEvent}); the caller decides by the return value
 * what the code means. Functions that return their error ({@code WSAStartup}, {@code RegCloseKey},
 * {@code Wlan*}) go through {@link #returningError(IntSupplier)}, which does not touch the slot.
 */
public final class NativeCalls {
    private final LastErrorSlot slot;

    /** Calls whose last error is read from {@code slot}. */
    public NativeCalls(LastErrorSlot slot) {
        this.slot = Objects.requireNonNull(slot, "slot");
    }

    /** Calls whose last error is JNA's per-thread copy ({@code Native.getLastError()}). */
    public static NativeCalls jna() {
        return new NativeCalls(LastErrorSlot.JNA);
    }

    /** A call returning an object (a handle, a pointer) and the last error right after it. */
    public <T> Captured<T> call(Supplier<T> call) {
        T value = call.get();
        return new Captured<>(value, slot.get());
    }

    /** A call returning {@code BOOL} and the last error right after it. */
    public CapturedBool callBool(BooleanSupplier call) {
        boolean ok = call.getAsBoolean();
        return new CapturedBool(ok, slot.get());
    }

    /** A call returning {@code int}/{@code DWORD} and the last error right after it. */
    public CapturedInt callInt(IntSupplier call) {
        int value = call.getAsInt();
        return new CapturedInt(value, slot.get());
    }

    /**
     * A call that first sets the last error to 0, for functions whose success and failure share a
     * return value (e.g. {@code WaitForMultipleObjects} index 0 vs. a stale code): a non-zero
     * captured code then comes from this call.
     */
    public CapturedInt callIntCleared(IntSupplier call) {
        slot.set(0);
        return callInt(call);
    }

    /**
     * A {@code BOOL} call that first sets the last error to 0, for functions that set a code on success
     * ({@code InternetCloseHandle}: 997 with requests outstanding, WI-05): a non-zero captured code
     * then comes from this call.
     */
    public CapturedBool callBoolCleared(BooleanSupplier call) {
        slot.set(0);
        return callBool(call);
    }

    /** Sets the calling thread's last error in the slot ({@code SetLastError}). */
    public void setLastError(int code) {
        slot.set(code);
    }

    /**
     * A function that returns its error code ({@code WSAStartup}, {@code RegCloseKey}, {@code Wlan*}):
     * the result is that code; the last error is neither read nor changed (WL-01).
     */
    public int returningError(IntSupplier call) {
        return call.getAsInt();
    }

    /** A result and the last error captured with it. */
    public record Captured<T>(T value, int lastError) {
    }

    /** A {@code BOOL} result and the last error captured with it. */
    public record CapturedBool(boolean ok, int lastError) {
    }

    /** An {@code int} result and the last error captured with it. */
    public record CapturedInt(int value, int lastError) {
    }
}
