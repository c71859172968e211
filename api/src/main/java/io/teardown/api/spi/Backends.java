package io.teardown.api.spi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Backend selection as a pure function (<a href="https://github.com/teardown-io/teardown/blob/main/README.md#choosing-a-backend">README</a>): no {@link java.util.ServiceLoader}, no
 * system properties inside, so every path and every message is unit-tested.
 *
 * <p>Order: a name requested for the subsystem (builder, then {@code teardown.<subsystem>.backend},
 * then {@code teardown.backend}, see {@link #requested}) must name a loaded, supported provider;
 * otherwise the supported provider with the highest priority wins, and a tie at the top fails. No
 * provider, a missing or unsupported named one, or a tie, fails with one message that lists every
 * candidate and says how to fix it. Nothing falls back silently.
 */
public final class Backends {
    /** The system property that picks a backend for every subsystem. */
    public static final String PROPERTY = "teardown.backend";

    private Backends() {
    }

    /** The system property that picks a backend for one subsystem: {@code teardown.<subsystem>.backend}. */
    public static String subsystemProperty(String subsystem) {
        return "teardown." + subsystem + ".backend";
    }

    /**
     * The backend requested for a subsystem, and by what: the builder's per-subsystem choice, the
     * builder's choice for all, {@code teardown.<subsystem>.backend}, {@code teardown.backend}.
     *
     * @param builderChoices the session builder's choices: subsystem name or {@code "*"} to backend name
     * @param properties     the properties the session was opened with (a snapshot of system properties)
     * @return the name and where it came from, or empty for "highest priority"
     */
    public static Optional<Request> requested(String subsystem, Map<String, String> builderChoices,
                                              Map<String, String> properties) {
        String v = builderChoices.get(subsystem);
        if (v != null) {
            return Optional.of(new Request(v, "Session.builder().backend(\"" + subsystem + "\", \"" + v + "\")"));
        }
        v = builderChoices.get("*");
        if (v != null) {
            return Optional.of(new Request(v, "Session.builder().backend(\"" + v + "\")"));
        }
        String key = subsystemProperty(subsystem);
        v = blankToNull(properties.get(key));
        if (v != null) {
            return Optional.of(new Request(v, "-D" + key + "=" + v));
        }
        v = blankToNull(properties.get(PROPERTY));
        if (v != null) {
            return Optional.of(new Request(v, "-D" + PROPERTY + "=" + v));
        }
        return Optional.empty();
    }

    /**
     * A requested backend name.
     *
     * @param name the provider name asked for
     * @param by   the setting that asked, for messages
     */
    public record Request(String name, String by) {
    }

    /** Chooses a provider for {@code subsystem} among {@code candidates}. Pure. */
    public static <P extends BackendProvider> Selection<P> select(String subsystem, List<Candidate<P>> candidates,
                                                                  Optional<Request> request) {
        List<P> loaded = new ArrayList<>();
        for (Candidate<P> c : candidates) {
            c.loaded().ifPresent(loaded::add);
        }
        P winner = null;
        String failure = null;
        if (request.isPresent()) {
            Request r = request.get();
            List<P> named = loaded.stream().filter(p -> p.name().equalsIgnoreCase(r.name())).collect(Collectors.toList());
            if (named.isEmpty()) {
                failure = "[TD-SEL-MISSING] " + r.by() + " asks for the '" + r.name() + "' backend for " + subsystem
                        + ", but no such provider was found.";
            } else if (!named.get(0).availability().isSupported()) {
                failure = "[TD-SEL-UNSUPPORTED] " + r.by() + " asks for the '" + r.name() + "' backend for " + subsystem
                        + ", but it cannot run here: " + named.get(0).availability().reason();
            } else {
                winner = named.get(0);
            }
        } else {
            List<P> supported = loaded.stream().filter(p -> p.availability().isSupported())
                    .sorted(Comparator.comparingInt(BackendProvider::priority).reversed())
                    .collect(Collectors.toList());
            if (supported.isEmpty()) {
                failure = (candidates.isEmpty() ? "[TD-SEL-NONE] No " + subsystem + " backend was found."
                        : "[TD-SEL-NONE] No " + subsystem + " backend can run here.")
                        + " Put teardown-backend-netty (any OS) or teardown-backend-native (Windows) on the"
                        + " module path or class path.";
            } else if (supported.size() > 1 && supported.get(0).priority() == supported.get(1).priority()) {
                failure = "[TD-SEL-TIE] The " + subsystem + " backends '" + supported.get(0).name() + "' and '"
                        + supported.get(1).name() + "' have the same priority (" + supported.get(0).priority()
                        + "); choose one with -D" + subsystemProperty(subsystem) + "=NAME or -D" + PROPERTY + "=NAME.";
            } else {
                winner = supported.get(0);
            }
        }
        List<Verdict> verdicts = new ArrayList<>();
        for (Candidate<P> c : candidates) {
            verdicts.add(verdict(c, winner, request));
        }
        if (failure != null) {
            StringBuilder m = new StringBuilder(failure);
            m.append("\nCandidates for ").append(subsystem).append(':');
            if (verdicts.isEmpty()) {
                m.append(" none.");
            }
            for (Verdict v : verdicts) {
                m.append("\n  - ").append(v.describe());
            }
            if (request.isPresent()) {
                m.append("\nFix: name a supported backend (")
                        .append(loaded.stream().filter(p -> p.availability().isSupported()).map(BackendProvider::name)
                                .collect(Collectors.joining(", ")))
                        .append(") or remove ").append(request.get().by()).append('.');
            }
            return new Selection<>(subsystem, verdicts, Optional.empty(), Optional.of(m.toString()));
        }
        return new Selection<>(subsystem, verdicts, Optional.of(winner), Optional.empty());
    }

    private static <P extends BackendProvider> Verdict verdict(Candidate<P> c, P winner, Optional<Request> request) {
        if (c instanceof Candidate.Broken<P> b) {
            return new Verdict("?", b.description(), "?", 0, false,
                    "failed to load: " + b.error(), false, "");
        }
        P p = c.loaded().orElseThrow();
        Availability a = p.availability();
        Module m = p.getClass().getModule();
        String module = m.isNamed() ? m.getName() : "unnamed";
        boolean chosen = p == winner;
        String reason;
        if (chosen) {
            reason = "";
        } else if (!a.isSupported()) {
            reason = a.reason();
        } else if (request.isPresent()) {
            reason = "not requested (" + request.get().by() + ")";
        } else {
            reason = "lower priority";
        }
        String details;
        try {
            details = p.details();
        } catch (RuntimeException | LinkageError e) {
            details = "details unavailable: " + e;
        }
        return new Verdict(p.name(), p.getClass().getName(), module, p.priority(), a.isSupported(), reason, chosen,
                details);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
