package io.teardown.kernel.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The session's pipe and mailslot namespaces ({@code \\.\pipe\…}, {@code \\.\mailslot\…}); case-insensitive. */
final class PipeNames {
    private final Map<String, List<NamedPipeServer>> pipes = new HashMap<>();
    private final Map<String, Mailslot> mailslots = new HashMap<>();

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    synchronized int instances(String name) {
        List<NamedPipeServer> l = pipes.get(key(name));
        return l == null ? 0 : l.size();
    }

    synchronized void addPipe(String name, NamedPipeServer server) {
        pipes.computeIfAbsent(key(name), k -> new ArrayList<>()).add(server);
    }

    synchronized List<NamedPipeServer> pipes(String name) {
        List<NamedPipeServer> l = pipes.get(key(name));
        return l == null ? null : new ArrayList<>(l);
    }

    synchronized void removePipe(String name, NamedPipeServer server) {
        List<NamedPipeServer> l = pipes.get(key(name));
        if (l != null) {
            l.remove(server);
            if (l.isEmpty()) {
                pipes.remove(key(name));
            }
        }
    }

    /** Registers a mailslot; false if the name is taken. */
    synchronized boolean addMailslot(String name, Mailslot slot) {
        return mailslots.putIfAbsent(key(name), slot) == null;
    }

    synchronized Mailslot mailslot(String name) {
        return mailslots.get(key(name));
    }

    synchronized void removeMailslot(String name, Mailslot slot) {
        mailslots.remove(key(name), slot);
    }
}
