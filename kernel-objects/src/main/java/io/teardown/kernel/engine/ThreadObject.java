package io.teardown.kernel.engine;

import io.teardown.kernel.Kernel32;

/**
 * A thread: a Java thread started by {@code CreateThread}, or any Java thread reached through
 * {@code GetCurrentThread()} (duplicated into a real handle). Signalled when the thread has ended.
 * Closing its handles never stops it (KO-06); the object lives while the thread runs or a handle or
 * pointer remains.
 */
final class ThreadObject extends KernelObject {
    private final Dispatcher dispatcher;
    private final boolean managed;
    private volatile Thread thread;
    private volatile int threadId;
    // Guarded by the dispatcher lock.
    private boolean ended;
    private int exitCode = Kernel32.STILL_ACTIVE;

    private final java.util.function.Consumer<ThreadObject> onDestroy;

    ThreadObject(Dispatcher dispatcher, Thread thread, boolean managed, java.util.function.Consumer<ThreadObject> onDestroy) {
        this.dispatcher = dispatcher;
        this.onDestroy = onDestroy;
        this.thread = thread;
        this.managed = managed;
        this.threadId = thread == null ? 0 : id(thread);
    }

    @Override
    String typeName() {
        return "Thread";
    }

    private Thread suspended; // guarded by this

    /** {@code CREATE_SUSPENDED}: the thread starts on {@link #resume()}. */
    synchronized void suspend() {
        suspended = thread;
    }

    /** {@code ResumeThread}: the previous suspend count (1 when this call started the thread, else 0). */
    synchronized int resume() {
        Thread t = suspended;
        if (t == null) {
            return 0;
        }
        suspended = null;
        t.start();
        return 1;
    }

    void bind(Thread t) {
        this.thread = t;
        this.threadId = id(t);
    }

    @SuppressWarnings("deprecation") // Thread.getId(): Java 17 has no threadId()
    private static int id(Thread t) {
        return (int) t.getId();
    }

    Thread thread() {
        return thread;
    }

    int threadId() {
        return threadId;
    }

    /** The thread function returned (or threw): record the exit code and wake waiters. */
    void ended(int code) {
        dispatcher.signal(this, () -> {
            ended = true;
            exitCode = code;
        });
    }

    /** {@code STILL_ACTIVE} while running. */
    int exitCode() {
        dispatcher.lock();
        try {
            return done() ? exitCode : Kernel32.STILL_ACTIVE;
        } finally {
            dispatcher.unlock();
        }
    }

    private boolean done() {
        if (managed) {
            return ended;
        }
        Thread t = thread;
        if (t != null && !t.isAlive() && !ended) {
            ended = true;
            exitCode = 0;
        }
        return ended;
    }

    @Override
    boolean waitable() {
        return true;
    }

    @Override
    boolean signaled(Thread waiter) {
        return done();
    }

    @Override
    void destroy() {
        onDestroy.accept(this);
    }

    @Override
    boolean polled() {
        return !managed && !ended;
    }
}
