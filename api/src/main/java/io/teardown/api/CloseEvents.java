package io.teardown.api;

import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A session's close-event hub: listeners plus JFR. Subsystems call {@link #enabled()} first, so a
 * session with no listener and JFR off pays one volatile read per close.
 */
public final class CloseEvents {
    private final CopyOnWriteArrayList<CloseListener> listeners = new CopyOnWriteArrayList<>();
    private final System.Logger log = System.getLogger(CloseEvents.class.getName());

    CloseEvents() {
    }

    /** Adds a listener; it sees every later close of this session. */
    public void addListener(CloseListener listener) {
        listeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    /** Removes a listener added earlier. */
    public void removeListener(CloseListener listener) {
        listeners.remove(listener);
    }

    /** Whether anything would observe an event now. */
    public boolean enabled() {
        return !listeners.isEmpty() || JfrProbe.ENABLED.isEnabled();
    }

    /** Reports one close call. A throwing listener is logged and does not stop the others. */
    public void emit(HandleSpace space, String function, long handle, String type, int error,
                     CloseEvent.Outcome outcome, long startNanos) {
        long nanos = System.nanoTime() - startNanos;
        CloseJfrEvent jfr = new CloseJfrEvent();
        if (jfr.isEnabled()) {
            jfr.space = space.name();
            jfr.function = function;
            jfr.handle = handle;
            jfr.type = type;
            jfr.error = error;
            jfr.outcome = outcome.text();
            jfr.nanos = nanos;
            jfr.commit();
        }
        if (listeners.isEmpty()) {
            return;
        }
        CloseEvent event = new CloseEvent(space, function, handle, type, error, outcome, Duration.ofNanos(nanos));
        for (CloseListener l : listeners) {
            try {
                l.closed(event);
            } catch (RuntimeException e) {
                log.log(System.Logger.Level.WARNING, "close listener " + l + " failed", e);
            }
        }
    }

    /** Holds one event instance only to ask JFR whether the event type is enabled. */
    private static final class JfrProbe {
        static final CloseJfrEvent ENABLED = new CloseJfrEvent();
    }
}
