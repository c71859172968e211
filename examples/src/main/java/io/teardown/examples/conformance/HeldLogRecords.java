package io.teardown.examples.conformance;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Holds the log records of a conformance run (the library's {@code System.Logger} records and Netty's,
 * which reach {@code java.util.logging} unless the user configured otherwise) while progress lines are
 * printed, and hands them to the configured handlers afterwards, so records never cut into the
 * progress or the report and none is lost.
 */
public final class HeldLogRecords implements AutoCloseable {
    private final Logger root = Logger.getLogger("");
    private final Handler[] configured;
    private final List<LogRecord> held = new ArrayList<>();
    private final Handler holder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (isLoggable(record)) {
                synchronized (held) {
                    held.add(record);
                }
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    /** Starts holding: the root logger's handlers are set aside until {@link #close()}. */
    public HeldLogRecords() {
        configured = root.getHandlers();
        for (Handler h : configured) {
            root.removeHandler(h);
        }
        root.addHandler(holder);
    }

    /** How many records are held. */
    public int size() {
        synchronized (held) {
            return held.size();
        }
    }

    /** Restores the handlers and publishes the held records to them, in order. */
    @Override
    public void close() {
        root.removeHandler(holder);
        for (Handler h : configured) {
            root.addHandler(h);
        }
        List<LogRecord> records;
        synchronized (held) {
            records = List.copyOf(held);
            held.clear();
        }
        for (LogRecord r : records) {
            for (Handler h : configured) {
                h.publish(r);
            }
        }
        for (Handler h : configured) {
            h.flush();
        }
    }
}
