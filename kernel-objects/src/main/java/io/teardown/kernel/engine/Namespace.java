package io.teardown.kernel.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The session's object namespace ({@code \BaseNamedObjects}): events, mutexes, semaphores, timers,
 * mappings and jobs share it, so one name cannot name two types. A name lives as long as a handle to
 * its object does (KO-07).
 */
final class Namespace {
    private final Map<String, KernelObject> names = new HashMap<>();

    /**
     * The name an object is filed under: the {@code Local\} and {@code Global\} prefixes name this
     * session's namespace (one emulated logon session); any other backslash makes the name invalid
     * (null: the caller reports {@code ERROR_PATH_NOT_FOUND}, 3). Names are case-sensitive, as on Windows.
     */
    static String normalize(String name) {
        String n = name;
        if (n.startsWith("Local\\")) {
            n = n.substring(6);
        } else if (n.startsWith("Global\\")) {
            n = n.substring(7);
        }
        return n.isEmpty() || n.indexOf('\\') >= 0 ? null : n;
    }

    /** The outcome of a named create. */
    record Created(KernelObject object, boolean existed) {
    }

    /**
     * Creates the object, or finds the one with this name. A name held by another type gives
     * {@code null} (the caller reports {@code ERROR_INVALID_HANDLE}, as Windows does).
     */
    synchronized Created createOrOpen(String name, Class<? extends KernelObject> type, Supplier<KernelObject> factory) {
        KernelObject found = names.get(name);
        if (found != null && found.handleCount() > 0) {
            if (!type.isInstance(found)) {
                return null;
            }
            found.addHandle();
            return new Created(found, true);
        }
        KernelObject made = factory.get();
        made.named(name, this);
        made.addHandle();
        names.put(name, made);
        return new Created(made, false);
    }

    /**
     * The live object with this name, with a handle added for the caller; or null with the error
     * ({@code ERROR_FILE_NOT_FOUND} when no object has the name, {@code ERROR_INVALID_HANDLE} when
     * another type holds it).
     */
    synchronized KernelObject open(String name, Class<? extends KernelObject> type, int[] error) {
        KernelObject found = names.get(name);
        if (found == null || found.handleCount() == 0) {
            error[0] = 2;
            return null;
        }
        if (!type.isInstance(found)) {
            error[0] = 6;
            return null;
        }
        found.addHandle();
        return found;
    }

    synchronized void remove(String name, KernelObject object) {
        names.remove(name, object);
    }
}
