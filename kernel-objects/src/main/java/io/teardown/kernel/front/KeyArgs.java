package io.teardown.kernel.front;

import io.teardown.api.HandleSpace;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.spi.ResolvedHandle;
import java.util.function.ToIntFunction;

/**
 * The resolver of registry keys for the {@code Reg*} functions: a predefined key
 * ({@code HKEY_CLASSES_ROOT} …, {@link #predefined}) resolves as itself, an open entry whose closer is
 * {@code RegCloseKey} resolves leased; anything else — 0, a closed or stale value, a kernel or find
 * handle — is {@code ERROR_INVALID_HANDLE}, returned as the function's result without reaching the
 * driver (a stale one reported, KO-11). The last error is left alone: the registry functions return their
 * error. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/kernel-objects.md">docs/kernel-objects.md</a>, "Where the code is".
 */
final class KeyArgs {
    static final int INVALID = Win32Error.ERROR_INVALID_HANDLE.code();

    private final Session session;
    private final HandleTable<HandleEntry> table;

    KeyArgs(Session session) {
        this.session = session;
        this.table = session.handles(HandleSpace.KERNEL);
    }

    /**
     * winreg.h's predefined keys: {@code HKEY_CLASSES_ROOT} … {@code HKEY_CURRENT_USER_LOCAL_SETTINGS}
     * (0x80000000 … 0x80000007), {@code HKEY_PERFORMANCE_TEXT} (0x80000050) and
     * {@code HKEY_PERFORMANCE_NLSTEXT} (0x80000060), sign-extended as on 64-bit Windows (KO-09).
     */
    static boolean predefined(long hKey) {
        return (hKey >= Kernel32.HKEY_CLASSES_ROOT && hKey <= Kernel32.HKEY_CLASSES_ROOT + 7)
                || hKey == Kernel32.HKEY_CLASSES_ROOT + 0x50 || hKey == Kernel32.HKEY_CLASSES_ROOT + 0x60;
    }

    /** Runs {@code call} on the key {@code hKey} names and returns its code; 6 if it names none. */
    int with(String function, long hKey, ToIntFunction<ResolvedHandle> call) {
        if (predefined(hKey)) {
            return call.applyAsInt(ResolvedHandle.predefinedKey(hKey));
        }
        if (HandleRules.pseudo(hKey)) {
            return INVALID;
        }
        HandleEntry e = HandleArgs.lease(session, table, function, hKey, hKey, false);
        if (e == null) {
            return INVALID;
        }
        ResolvedHandle h = ResolvedHandle.leased(hKey & ~3L, e, table);
        try {
            return e.closer() == Closer.REG_CLOSE_KEY ? call.applyAsInt(h) : INVALID;
        } finally {
            h.release();
        }
    }
}
