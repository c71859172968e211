package io.teardown.api;

/**
 * Decides what strict mode does with a {@link Misuse}. The default throws {@link MisuseException}
 * (Windows' debugger break). A handler that returns normally has "handled the exception": the flat
 * call then goes on and reports what Windows reports without a debugger (KO-03).
 */
@FunctionalInterface
public interface MisuseHandler {
    /** Throws, to stop the call, or returns, to let it finish as Windows would without a debugger. */
    void misused(Misuse misuse);

    /** The default: throw {@link MisuseException}. */
    static MisuseHandler throwing() {
        return misuse -> {
            throw new MisuseException(misuse);
        };
    }
}
