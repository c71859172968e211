package io.teardown.testkit.wininet;

import io.teardown.wininet.InternetAsyncResult;
import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.WinInet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * An {@code INTERNET_STATUS_CALLBACK} that records every call (with its thread) and lets a test wait
 * for one. An optional reaction runs inside the callback, for tests that call back into WinINet.
 */
public final class StatusRecorder implements InternetStatusCallback {
    /** One callback as it was made. */
    public record Event(long handle, long context, int status, Object info, int length, Thread thread) {
        /** {@code dwResult} of an {@code INTERNET_ASYNC_RESULT}. */
        public long result() {
            return ((InternetAsyncResult) info).dwResult;
        }

        /** {@code dwError} of an {@code INTERNET_ASYNC_RESULT}. */
        public int error() {
            return ((InternetAsyncResult) info).dwError;
        }

        @Override
        public String toString() {
            return "0x" + Long.toHexString(handle) + "/" + context + ":" + status + (info == null ? "" : "(" + info + ")");
        }
    }

    private final List<Event> events = new ArrayList<>();
    private volatile Consumer<Event> reaction = e -> { };

    /** Runs {@code r} inside each later callback, after it was recorded. */
    public StatusRecorder react(Consumer<Event> r) {
        this.reaction = r;
        return this;
    }

    @Override
    public void invoke(long hInternet, long dwContext, int dwInternetStatus, Object lpvStatusInformation,
                       int dwStatusInformationLength) {
        Event e = new Event(hInternet, dwContext, dwInternetStatus, lpvStatusInformation, dwStatusInformationLength,
                Thread.currentThread());
        synchronized (events) {
            events.add(e);
            events.notifyAll();
        }
        reaction.accept(e);
    }

    /** Everything so far. */
    public List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    /** The events of one handle, in order. */
    public List<Event> of(long handle) {
        return events().stream().filter(e -> e.handle == handle).toList();
    }

    /** The status numbers of one handle, in order. */
    public List<Integer> statuses(long handle) {
        return of(handle).stream().map(Event::status).toList();
    }

    /** Waits until an event matches; fails with everything recorded if none does in time. */
    public Event await(Predicate<Event> p, Duration timeout) {
        long end = System.nanoTime() + timeout.toNanos();
        synchronized (events) {
            while (true) {
                for (Event e : events) {
                    if (p.test(e)) {
                        return e;
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching status callback within " + timeout + "; got " + events);
                }
                try {
                    events.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", ie);
                }
            }
        }
    }

    /** Waits for {@code status} on {@code handle}. */
    public Event await(long handle, int status) {
        return await(e -> e.handle == handle && e.status == status, Duration.ofSeconds(10));
    }

    /** Waits for HANDLE_CLOSING of {@code handle}. */
    public Event awaitClosing(long handle) {
        return await(handle, WinInet.INTERNET_STATUS_HANDLE_CLOSING);
    }

    /** Lets callbacks that are already queued arrive (for "nothing more came" checks). */
    public void settle() {
        try {
            Thread.sleep(150);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Clears the record. */
    public void clear() {
        synchronized (events) {
            events.clear();
        }
    }

    /** A copy of the events, for messages. */
    @Override
    public String toString() {
        return new ArrayList<>(events()).toString();
    }
}
