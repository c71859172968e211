package io.teardown.wlan.engine;

import io.teardown.wlan.WLAN_NOTIFICATION_CALLBACK;
import io.teardown.wlan.WLAN_NOTIFICATION_DATA;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client session's notification delivery: a queue filled by the I/O thread and drained by the
 * session's own callback thread, one callback at a time (WL-05, WL-06, WL-07).
 *
 * <p>The callback thread takes the whole queue in one swap and delivers it; before each delivery it
 * moves the state {@code IDLE → BUSY} with one CAS, and back after. {@link #close()} moves the state to
 * {@code CLOSED} (or {@code CLOSED_BUSY} when a callback is running), drops the queue in O(1) and waits
 * for the running callback; since delivery needs the CAS from {@code IDLE}, no notification can start
 * after {@code close} has marked the state, so none is delivered once it returns (WL-05). Thread-safe.
 */
public final class NotificationDispatcher {
    private static final System.Logger LOG = System.getLogger(NotificationDispatcher.class.getName());
    private static final int IDLE = 0;
    private static final int BUSY = 1;
    private static final int CLOSED = 2;
    private static final int CLOSED_BUSY = 3;

    /** What {@code WlanRegisterNotification} registered. */
    record Registration(int sources, boolean ignoreDuplicate, WLAN_NOTIFICATION_CALLBACK callback, Object context) {
    }

    /** The outcome of {@link #close()}. */
    public enum Closed {
        /** Closed now; no callback was running. */
        IDLE,
        /** Closed after waiting for the running callback to return (WL-06). */
        WAITED,
        /** Closed from inside the callback: the callback finishes after the close returns (WL-07, deferred). */
        FROM_CALLBACK,
        /** It was already closed. */
        ALREADY
    }

    private final String threadName;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final Condition finished = lock.newCondition();
    private volatile Registration registration;
    private volatile Thread thread;
    // Guarded by lock.
    private ArrayDeque<WLAN_NOTIFICATION_DATA> queue = new ArrayDeque<>();
    private boolean consumerWaiting;
    private WLAN_NOTIFICATION_DATA last;
    // Only the callback thread touches it.
    private ArrayDeque<WLAN_NOTIFICATION_DATA> spare = new ArrayDeque<>();

    /** A dispatcher whose callback thread (started on the first registration) has this name. */
    public NotificationDispatcher(String threadName) {
        this.threadName = threadName;
    }

    /**
     * Sets the registration ({@code sources == 0} unregisters) and returns the sources registered
     * before. Starts the callback thread on the first registration with a callback.
     */
    public int register(int sources, boolean ignoreDuplicate, WLAN_NOTIFICATION_CALLBACK callback, Object context) {
        Registration before = registration;
        registration = sources == 0 ? null : new Registration(sources, ignoreDuplicate,
                Objects.requireNonNull(callback, "callback"), context);
        if (sources != 0 && thread == null) {
            lock.lock();
            try {
                if (thread == null && state.get() < CLOSED) {
                    Thread t = new Thread(this::run, threadName);
                    t.setDaemon(true);
                    thread = t;
                    t.start();
                }
            } finally {
                lock.unlock();
            }
        }
        return before == null ? 0 : before.sources();
    }

    /** The sources registered now (0 if none). */
    int sources() {
        Registration r = registration;
        return r == null ? 0 : r.sources();
    }

    /** Queues one notification for delivery; dropped if nobody registered for its source or closed. */
    public void enqueue(WLAN_NOTIFICATION_DATA n) {
        Registration r = registration;
        if (r == null || (r.sources() & n.NotificationSource) == 0) {
            return;
        }
        lock.lock();
        try {
            if (state.get() >= CLOSED) {
                return;
            }
            if (r.ignoreDuplicate() && same(last, n)) {
                return;
            }
            last = n;
            queue.add(n);
            if (consumerWaiting) {
                ready.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the caller is this session's callback thread, inside a callback. */
    boolean inCallback() {
        return Thread.currentThread() == thread && (state.get() & BUSY) != 0;
    }

    /** How many notifications are waiting (for tests and diagnostics). */
    public int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops delivery: no notification starts after this call marks the dispatcher closed, everything
     * queued is discarded, and a callback running on another thread is waited for. Called from inside
     * the callback, it does not wait (the callback finishes after the close). Idempotent.
     */
    public Closed close() {
        boolean waitForCallback;
        Closed outcome;
        for (;;) {
            int s = state.get();
            if (s == IDLE && state.compareAndSet(IDLE, CLOSED)) {
                waitForCallback = false;
                outcome = Closed.IDLE;
                break;
            }
            if (s == BUSY && state.compareAndSet(BUSY, CLOSED_BUSY)) {
                waitForCallback = true;
                outcome = Closed.WAITED;
                break;
            }
            if (s >= CLOSED) {
                waitForCallback = s == CLOSED_BUSY;
                outcome = Closed.ALREADY;
                break;
            }
        }
        boolean own = Thread.currentThread() == thread;
        lock.lock();
        try {
            queue = new ArrayDeque<>(); // O(1) whatever is queued (the old deque is garbage now)
            last = null;
            ready.signal();
            if (waitForCallback && !own) {
                while (state.get() != CLOSED) {
                    finished.awaitUninterruptibly();
                }
            }
        } finally {
            lock.unlock();
        }
        return own && waitForCallback && outcome == Closed.WAITED ? Closed.FROM_CALLBACK : outcome;
    }

    private void run() {
        ArrayDeque<WLAN_NOTIFICATION_DATA> batch;
        for (;;) {
            lock.lock();
            try {
                while (queue.isEmpty() && state.get() == IDLE) {
                    consumerWaiting = true;
                    ready.awaitUninterruptibly();
                    consumerWaiting = false;
                }
                if (state.get() != IDLE) {
                    return;
                }
                batch = queue;
                queue = spare;
            } finally {
                lock.unlock();
            }
            if (!deliver(batch)) {
                return;
            }
            spare = batch;
        }
    }

    /** Delivers a batch; false once the dispatcher is closed. */
    private boolean deliver(ArrayDeque<WLAN_NOTIFICATION_DATA> batch) {
        WLAN_NOTIFICATION_DATA n;
        while ((n = batch.poll()) != null) {
            if (!state.compareAndSet(IDLE, BUSY)) {
                batch.clear();
                return false;
            }
            try {
                Registration r = registration;
                if (r != null && (r.sources() & n.NotificationSource) != 0) {
                    r.callback().callback(n, r.context());
                }
            } catch (RuntimeException | Error e) {
                // Windows would crash the process; a throwing callback here is logged and delivery goes on.
                LOG.log(System.Logger.Level.WARNING, "WLAN notification callback threw", e);
            } finally {
                if (!state.compareAndSet(BUSY, IDLE)) {
                    state.set(CLOSED);
                    lock.lock();
                    try {
                        finished.signalAll();
                    } finally {
                        lock.unlock();
                    }
                }
            }
            if (state.get() != IDLE) {
                batch.clear();
                return false;
            }
        }
        return true;
    }

    private static boolean same(WLAN_NOTIFICATION_DATA a, WLAN_NOTIFICATION_DATA b) {
        return a != null && a.NotificationSource == b.NotificationSource && a.NotificationCode == b.NotificationCode
                && Objects.equals(a.InterfaceGuid, b.InterfaceGuid) && Arrays.equals(a.pData, b.pData);
    }
}
