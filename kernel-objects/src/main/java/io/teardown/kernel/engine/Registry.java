package io.teardown.kernel.engine;

import io.teardown.kernel.Kernel32;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The session's emulated registry: the predefined root keys and a few well-known keys, kept in
 * memory (the host's configuration is not Windows'). Names are case-insensitive, as in Windows.
 */
final class Registry {
    /** One key: its subkeys and values. Guarded by the registry. */
    static final class Node {
        final String name;
        final Map<String, Node> children = new HashMap<>();
        final Map<String, Value> values = new HashMap<>();

        Node(String name) {
            this.name = name;
        }
    }

    /** A value: its type and bytes. */
    record Value(int type, byte[] data) {
    }

    private final Map<Long, Node> roots = new HashMap<>();

    Registry() {
        roots.put(Kernel32.HKEY_CLASSES_ROOT, new Node("HKEY_CLASSES_ROOT"));
        roots.put(Kernel32.HKEY_CURRENT_USER, new Node("HKEY_CURRENT_USER"));
        roots.put(Kernel32.HKEY_LOCAL_MACHINE, new Node("HKEY_LOCAL_MACHINE"));
        roots.put(Kernel32.HKEY_USERS, new Node("HKEY_USERS"));
        roots.put(Kernel32.HKEY_CURRENT_CONFIG, new Node("HKEY_CURRENT_CONFIG"));
        Node cv = find(roots.get(Kernel32.HKEY_LOCAL_MACHINE), "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion", true);
        cv.values.put(key("ProductName"), new Value(Kernel32.REG_SZ, sz("Teardown emulated registry")));
        find(roots.get(Kernel32.HKEY_CURRENT_USER), "Software", true);
    }

    static byte[] sz(String s) {
        return (s + "\0").getBytes(StandardCharsets.UTF_16LE);
    }

    private static String key(String name) {
        return name == null ? "" : name.toLowerCase(Locale.ROOT);
    }

    /** The predefined key a value names, or null. */
    synchronized Node root(long hKey) {
        return roots.get(hKey);
    }

    /** The key at {@code path} below {@code from}; created when {@code create}; null if missing. */
    synchronized Node find(Node from, String path, boolean create) {
        Node n = from;
        if (path == null || path.isEmpty()) {
            return n;
        }
        for (String part : path.split("\\\\")) {
            if (part.isEmpty()) {
                continue;
            }
            Node child = n.children.get(key(part));
            if (child == null) {
                if (!create) {
                    return null;
                }
                child = new Node(part);
                n.children.put(key(part), child);
            }
            n = child;
        }
        return n;
    }

    synchronized boolean exists(Node from, String path) {
        return find(from, path, false) != null;
    }

    synchronized void set(Node node, String name, Value value) {
        node.values.put(key(name), value);
    }

    synchronized Value get(Node node, String name) {
        return node.values.get(key(name));
    }
}
