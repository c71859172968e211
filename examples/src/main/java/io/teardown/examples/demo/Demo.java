package io.teardown.examples.demo;

import java.io.PrintWriter;

/**
 * One {@code teardown demo NAME}: a short, self-contained show of a subsystem's close rules on the
 * session's default backend, with everything it needs (servers, peers) started in-process.
 */
public interface Demo {
    /** The name on the command line: {@code kernel}, {@code winsock}, {@code wininet}, {@code wlan}. */
    String name();

    /** One line for {@code teardown demo --help}. */
    String summary();

    /**
     * Runs the demo, printing what happens. Returns normally when every step behaved as the rules say;
     * throws otherwise.
     */
    void run(PrintWriter out) throws Exception;
}
