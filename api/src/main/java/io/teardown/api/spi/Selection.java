package io.teardown.api.spi;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of choosing a backend for one subsystem: every candidate with its verdict, and either
 * the chosen provider or the complete failure message.
 *
 * @param subsystem the subsystem ({@code "winsock"} …)
 * @param verdicts  one per candidate, in discovery order
 * @param chosen    the winner, if any
 * @param failure   the message that explains why none could be chosen, if so
 * @param <P>       the subsystem's provider type
 */
public record Selection<P extends BackendProvider>(String subsystem, List<Verdict> verdicts, Optional<P> chosen,
                                                   Optional<String> failure) {
    public Selection {
        verdicts = List.copyOf(verdicts);
    }

    /** The chosen provider, or a {@link BackendSelectionException} with the whole story. */
    public P orThrow() {
        return chosen.orElseThrow(() -> new BackendSelectionException(subsystem, failure.orElse("no provider"), verdicts));
    }
}
