package io.teardown.api.spi;

import io.teardown.api.Session;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.function.Supplier;

/**
 * The providers of one subsystem: discovered once (an immutable, cached list), selected per
 * {@link Session}.
 *
 * <p>The subsystem constructs it with a supplier that calls {@link java.util.ServiceLoader#load(Class)}
 * from the subsystem's own module, because only the module that declares {@code uses} may load a
 * service. A provider that fails to instantiate is kept as a {@link Candidate.Broken} so it shows up
 * in messages instead of hiding the others.
 *
 * @param <P> the subsystem's provider type
 */
public final class ProviderRegistry<P extends BackendProvider> {
    private final String subsystem;
    private final Supplier<? extends Iterable<P>> loader;
    private volatile List<Candidate<P>> candidates;

    /**
     * A registry for one subsystem.
     *
     * @param subsystem the subsystem's name as used in {@code teardown.<subsystem>.backend}
     * @param loader    calls {@code ServiceLoader.load(XxxProvider.class)} from the subsystem's module
     */
    public ProviderRegistry(String subsystem, Supplier<? extends Iterable<P>> loader) {
        this.subsystem = subsystem;
        this.loader = loader;
    }

    /** The subsystem's name. */
    public String subsystem() {
        return subsystem;
    }

    /** Everything discovered, in discovery order (loaded once, then cached). */
    public List<Candidate<P>> candidates() {
        List<Candidate<P>> c = candidates;
        if (c == null) {
            synchronized (this) {
                c = candidates;
                if (c == null) {
                    c = discover(loader.get());
                    candidates = c;
                }
            }
        }
        return c;
    }

    /** The selection for a session, with every verdict (never throws for "none"). */
    public Selection<P> selection(Session session) {
        return Backends.select(subsystem, candidates(),
                Backends.requested(subsystem, session.backendChoices(), session.properties()));
    }

    /** The provider a session uses, or a {@link BackendSelectionException} listing every candidate. */
    public P select(Session session) {
        return selection(session).orThrow();
    }

    static <P extends BackendProvider> List<Candidate<P>> discover(Iterable<P> services) {
        List<Candidate<P>> out = new ArrayList<>();
        Iterator<P> it = services.iterator();
        for (int guard = 0; guard < 256; guard++) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                out.add(new Candidate.Loaded<>(it.next()));
            } catch (ServiceConfigurationError | LinkageError e) {
                out.add(new Candidate.Broken<>(describe(e), e));
            }
        }
        return List.copyOf(out);
    }

    private static String describe(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int i = m.indexOf("Provider ");
        return i >= 0 ? m.substring(i + "Provider ".length()).split(" ")[0] : m;
    }

    @Override
    public String toString() {
        return "ProviderRegistry[" + subsystem + "]";
    }
}
