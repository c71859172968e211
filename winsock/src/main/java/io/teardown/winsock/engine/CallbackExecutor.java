package io.teardown.winsock.engine;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The session's winsock callback thread: overlapped completion routines run here, one at a time and
 * in completion order (as APCs run on one thread on Windows), never on a transport thread and never
 * under a library lock (WS-09). The thread exists only while there is work.
 */
final class CallbackExecutor implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CallbackExecutor.class.getName());
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final ThreadPoolExecutor pool;

    CallbackExecutor(String sessionName) {
        pool = new ThreadPoolExecutor(1, 1, 2, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "teardown-winsock-callbacks-" + sessionName + "-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    void execute(Runnable callback) {
        try {
            pool.execute(() -> {
                try {
                    callback.run();
                } catch (RuntimeException | Error e) {
                    LOG.log(System.Logger.Level.WARNING, "an overlapped completion routine threw", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The session is closing: deliver on a thread of its own rather than lose the completion or
            // run user code on the caller (which may hold a socket lock).
            Thread t = new Thread(callback, "teardown-winsock-late-callback");
            t.setDaemon(true);
            t.start();
        }
    }

    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "winsock callbacks still running after 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
