package io.teardown.kernel.engine;

import io.teardown.api.Win32Error;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.SecurityAttributes;
import io.teardown.kernel.spi.ResolvedHandle;

/**
 * What the parts of the flat facade share: the session's {@link Engine}, setting the last error,
 * resolving a handle — a raw value, or one the front has resolved — to a referenced object
 * ({@link EngineKernelDriver#use}), and creating or opening
 * objects in the session's namespace.
 */
abstract class EngineCalls {
    final Engine engine;

    EngineCalls(Engine engine) {
        this.engine = engine;
    }

    final void error(Win32Error e) {
        engine.error(e);
    }

    final void error(int code) {
        engine.error(code);
    }

    final <T extends KernelObject> T use(String function, long h, Class<T> type, int access) {
        return EngineKernelDriver.use(engine, function, h, type, access);
    }

    final <T extends KernelObject> T use(ResolvedHandle h, Class<T> type, int access) {
        return EngineKernelDriver.use(engine, h, type, access);
    }

    static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    static boolean inherit(SecurityAttributes sa) {
        return sa != null && sa.bInheritHandle;
    }

    /** A DWORD timeout in ms as a wait takes it: negative for {@code INFINITE}. */
    static long timeout(int ms) {
        return ms == Kernel32.INFINITE ? -1 : Integer.toUnsignedLong(ms);
    }

    /**
     * Creates an object, unnamed or in the namespace (opening the existing one of that name: last error
     * {@code ERROR_ALREADY_EXISTS}); 0 with the error if the name is invalid or held by another type.
     */
    final long create(String name, boolean inherit, int access, Class<? extends KernelObject> type,
                        java.util.function.Supplier<KernelObject> factory) {
        if (name == null || name.isEmpty()) {
            long v = engine.open(factory.get(), access, inherit);
            error(Win32Error.ERROR_SUCCESS);
            return v;
        }
        String filed = Namespace.normalize(name);
        if (filed == null) {
            error(Win32Error.ERROR_PATH_NOT_FOUND); // a backslash outside the namespace prefix
            return 0;
        }
        Namespace.Created c = engine.namespace.createOrOpen(filed, type, factory);
        if (c == null) {
            error(Win32Error.ERROR_INVALID_HANDLE); // the name belongs to an object of another type
            return 0;
        }
        long v = engine.insert(c.object(), access, inherit);
        error(c.existed() ? 183 : 0);
        return v;
    }

    /** Opens a named object: {@code ERROR_FILE_NOT_FOUND} (2) if none, 6 if another type holds the name. */
    final long openNamed(String name, boolean inherit, int access, Class<? extends KernelObject> type) {
        if (name == null) {
            error(Win32Error.ERROR_INVALID_PARAMETER);
            return 0;
        }
        String filed = Namespace.normalize(name);
        if (filed == null) {
            error(name.isEmpty() ? 2 : 3);
            return 0;
        }
        int[] err = new int[1];
        KernelObject o = engine.namespace.open(filed, type, err);
        if (o == null) {
            error(err[0]);
            return 0;
        }
        return engine.insert(o, access, inherit);
    }
}
