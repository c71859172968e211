package io.teardown.testkit.kernel;

/**
 * A child process for the process rules (KO-06): sleeps for the milliseconds given, then exits 0. Run
 * as {@code java -cp <testkit> io.teardown.testkit.kernel.Sleeper 30000} so the same command line works
 * on every OS.
 */
public final class Sleeper {
    private Sleeper() {
    }

    /** Sleeps {@code args[0]} milliseconds. */
    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.parseLong(args[0]));
    }
}
