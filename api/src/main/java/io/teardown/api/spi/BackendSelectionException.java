package io.teardown.api.spi;

import java.util.List;

/**
 * No backend could be chosen for a subsystem: none found, the named one missing or unsupported, or a
 * tie. The message lists every candidate with why it was rejected and says how to fix it.
 */
public final class BackendSelectionException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    private final String subsystem;
    private final transient List<Verdict> verdicts;

    /** A failure for one subsystem. */
    public BackendSelectionException(String subsystem, String message, List<Verdict> verdicts) {
        super(message);
        this.subsystem = subsystem;
        this.verdicts = List.copyOf(verdicts);
    }

    /** The subsystem that has no backend. */
    public String subsystem() {
        return subsystem;
    }

    /** Every candidate that was considered. */
    public List<Verdict> verdicts() {
        return verdicts;
    }
}
