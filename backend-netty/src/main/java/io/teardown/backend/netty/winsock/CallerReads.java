package io.teardown.backend.netty.winsock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

/**
 * A NIO connection's reads on the application's threads (issue 20; docs/winsock.md, "Where a call runs"):
 * whether the engine wants callers to read ({@code wanted}, written under the engine's socket lock),
 * whether the event loop has stopped reading for them ({@code handedOver}, written on the loop after every
 * byte it read was delivered), the read itself through the JDK channel, and the caller's wait for
 * readiness on a {@link ReadinessWait}. Created by the first hand-over a connection is asked for.
 */
final class CallerReads {
    private final DirectNioSocketChannel ch;
    volatile boolean wanted;
    volatile boolean handedOver;
    private volatile ReadinessWait waiting;

    CallerReads(DirectNioSocketChannel ch) {
        this.ch = ch;
    }

    /** Whether a caller may read now: asked for, and the loop stopped reading. */
    boolean now() {
        return wanted && handedOver;
    }

    /** {@link io.teardown.winsock.engine.Connection#readNow} on the JDK channel. */
    int read(byte[] buf, int off, int len) {
        try {
            int n = ch.jdkChannel().read(ByteBuffer.wrap(buf, off, len));
            return n < 0 ? NettyConnection.END_OF_STREAM : n;
        } catch (IOException resetOrClosed) {
            return NettyConnection.READ_FAILED;
        }
    }

    /** {@link io.teardown.winsock.engine.Connection#awaitReadable}: lets {@code lock} go while waiting. */
    void await(Lock lock, long nanos) throws InterruptedException {
        ReadinessWait w = ReadinessWait.borrow();
        waiting = w; // before the lock goes: a signal from now on reaches this wait
        lock.unlock();
        try {
            if (w != null) {
                w.await(ch.jdkChannel(), nanos);
            } else {
                // No selector could be opened (out of descriptors): look again shortly rather than fail the call.
                LockSupport.parkNanos(Math.min(nanos, TimeUnit.MILLISECONDS.toNanos(10)));
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            waiting = null;
            if (w != null) {
                ReadinessWait.giveBack(w);
            }
            lock.lock();
        }
    }

    /** Ends a wait in progress (a wake-up that comes after it only makes some later wait return early). */
    void wake() {
        ReadinessWait w = waiting;
        if (w != null) {
            w.wakeup();
        }
    }
}
