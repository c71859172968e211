package io.teardown.kernel.engine;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.spi.ResolvedHandle;

/**
 * The session's emulated registry for the engine driver: {@code RegOpenKeyEx}, {@code RegCreateKeyEx},
 * {@code RegSetValueEx}, {@code RegQueryValueEx}, on the keys the front resolved. Registry keys are
 * kernel-table entries with their own closer (KO-09); {@code RegCloseKey} is the front's, and taking the
 * entry out of the table releases the key. See docs/kernel-objects.md.
 */
final class RegistryApi extends EngineCalls {
    RegistryApi(Engine engine) {
        super(engine);
    }

    // ---------------- registry (KO-09) ----------------

    /** A registry call on the key a value names; the key stays referenced for the call. */
    @FunctionalInterface
    private interface KeyCall {
        /** The call's registry status. */
        int on(Registry.Node key);
    }

    /**
     * Runs {@code call} on the key the front resolved (a predefined root or an open key handle) and returns
     * its status, or 6 when it names none here. Leaves the last error alone: Reg* return their error.
     */
    private int withKey(ResolvedHandle hKey, KeyCall call) {
        if (hKey.predefinedKey()) {
            Registry.Node root = engine.registry.root(hKey.value());
            return root == null ? Win32Error.ERROR_INVALID_HANDLE.code() : call.on(root);
        }
        int saved = engine.session.lastError().get();
        RegistryKeyObject k = use(hKey, RegistryKeyObject.class, 0);
        engine.session.lastError().set(saved);
        if (k == null) {
            return Win32Error.ERROR_INVALID_HANDLE.code();
        }
        try {
            return call.on(k.node);
        } finally {
            k.dereference();
        }
    }

    int regOpenKeyEx(ResolvedHandle hKey, String subKey, int sam, LongRef result, boolean create, IntRef disposition) {
        return withKey(hKey, from -> {
            boolean existed = engine.registry.exists(from, subKey);
            Registry.Node n = engine.registry.find(from, subKey, create);
            if (n == null) {
                return Win32Error.ERROR_FILE_NOT_FOUND.code();
            }
            if (disposition != null) {
                disposition.value = existed ? Kernel32.REG_OPENED_EXISTING_KEY : Kernel32.REG_CREATED_NEW_KEY;
            }
            result.value = engine.open(new RegistryKeyObject(n), sam, false);
            return 0;
        });
    }

    int regSetValueEx(ResolvedHandle hKey, String name, int type, byte[] data, int size) {
        return withKey(hKey, n -> {
            if (size < 0 || (data == null && size > 0) || (data != null && size > data.length)) {
                return Win32Error.ERROR_NOACCESS.code();
            }
            engine.registry.set(n, name, new Registry.Value(type, data == null ? new byte[0] : java.util.Arrays.copyOf(data, size)));
            return 0;
        });
    }

    int regQueryValueEx(ResolvedHandle hKey, String name, IntRef type, byte[] data, IntRef size) {
        return withKey(hKey, n -> {
            Registry.Value v = engine.registry.get(n, name);
            if (v == null) {
                return Win32Error.ERROR_FILE_NOT_FOUND.code();
            }
            if (type != null) {
                type.value = v.type();
            }
            if (data != null) {
                if (size == null) {
                    return Win32Error.ERROR_NOACCESS.code();
                }
                if (size.value < v.data().length || data.length < v.data().length) {
                    size.value = v.data().length;
                    return Win32Error.ERROR_MORE_DATA.code();
                }
                System.arraycopy(v.data(), 0, data, 0, v.data().length);
            }
            if (size != null) {
                size.value = v.data().length;
            }
            return 0;
        });
    }
}
