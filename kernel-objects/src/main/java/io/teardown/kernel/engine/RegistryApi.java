package io.teardown.kernel.engine;

import io.teardown.api.CloseEvent;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;
import io.teardown.kernel.Kernel32;

/**
 * The session's emulated registry for the engine driver: {@code RegOpenKeyEx}, {@code RegCreateKeyEx},
 * {@code RegSetValueEx}, {@code RegQueryValueEx}, {@code RegCloseKey}. Registry keys are kernel handles
 * with their own closer (KO-09). See docs/kernel-objects.md.
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
     * Runs {@code call} on the key {@code hKey} names (a predefined root or an open key handle) and
     * returns its status, or 6 when it names none. Leaves the last error alone: Reg* return their error.
     */
    private int withKey(String function, long hKey, KeyCall call) {
        Registry.Node root = engine.registry.root(hKey);
        if (root != null) {
            return call.on(root);
        }
        int saved = engine.session.lastError().get();
        RegistryKeyObject k = use(function, hKey, RegistryKeyObject.class, 0);
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

    int regOpenKeyEx(long hKey, String subKey, int sam, LongRef result, boolean create, IntRef disposition) {
        if (result == null) {
            return Win32Error.ERROR_INVALID_PARAMETER.code();
        }
        return withKey(create ? "RegCreateKeyEx" : "RegOpenKeyEx", hKey, from -> {
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

    int regSetValueEx(long hKey, String name, int type, byte[] data, int size) {
        return withKey("RegSetValueEx", hKey, n -> {
            if (size < 0 || (data == null && size > 0) || (data != null && size > data.length)) {
                return Win32Error.ERROR_NOACCESS.code();
            }
            engine.registry.set(n, name, new Registry.Value(type, data == null ? new byte[0] : java.util.Arrays.copyOf(data, size)));
            return 0;
        });
    }

    int regQueryValueEx(long hKey, String name, IntRef type, byte[] data, IntRef size) {
        return withKey("RegQueryValueEx", hKey, n -> {
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

    /**
     * {@code RegCloseKey}: a predefined key returns 0 and nothing happens (KO-09); an open key (or any
     * other kernel handle, as RegCloseKey ends in NtClose) is closed; anything else is 6.
     */
    int regCloseKey(long hKey) {
        if (Registry.predefined(hKey)) {
            return 0;
        }
        HandleEntry e = EngineKernelDriver.pseudo(hKey) ? null : engine.table.get(hKey);
        if (e == null || e.closer() == Closer.FIND_CLOSE) {
            return Win32Error.ERROR_INVALID_HANDLE.code();
        }
        if (e instanceof HandleRecord r && (r.flags() & Kernel32.HANDLE_FLAG_PROTECT_FROM_CLOSE) != 0) {
            return Win32Error.ERROR_INVALID_HANDLE.code();
        }
        long start = System.nanoTime();
        boolean closed = engine.table.close(hKey) != null;
        if (engine.session.closeEvents().enabled()) {
            engine.session.closeEvents().emit(io.teardown.api.HandleSpace.KERNEL, "RegCloseKey", hKey, e.typeName(),
                    closed ? 0 : 6, closed ? CloseEvent.Outcome.CLOSED : CloseEvent.Outcome.INVALID, start);
        }
        return closed ? 0 : 6;
    }
}
