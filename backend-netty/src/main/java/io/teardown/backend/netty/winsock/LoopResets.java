package io.teardown.backend.netty.winsock;

import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One event loop's connection resets (WS-05, and WS-06 at a lingering close's deadline), carried out in
 * batches: one task for every reset asked for since the last, not one task each. On a loaded machine
 * the lingering closes of thousands of sockets fall due within a second, and with one full channel
 * close per reset the RST of the last one in a loop's queue waited for thousands of closes before it
 * (issue 22, docs/RELIABILITY.md). On epoll the RST is usually out before it gets here
 * ({@link NettyConnection#reset()} sends it from the calling thread) and only the channel's close is
 * left; otherwise a pass first sends every RST that is due ({@link NettyConnection#resetInLoop}) and
 * only then closes channels, at most {@link #CLOSES_PER_PASS} per pass: the rest go to the next pass,
 * queued behind whatever else the loop has to do, so a reset asked for meanwhile waits for a few dozen
 * channel closes, not for all of them. Every channel reset here is still closed by its loop (the
 * descriptor is released). On NIO each RST is the channel's close (NIO cannot disconnect a socket).
 *
 * <p>Asking allocates nothing (an array-backed queue of the connections themselves, whose
 * {@link NettyConnection#resetSentDirectly()} says what is left): a lingering close asks at its deadline,
 * where an allocation by each of thousands of closers took a fresh allocation buffer each and filled the
 * young generation, stopping every thread for a collection just when the deadlines fell (issue 22).
 */
final class LoopResets implements Runnable {
    /** Channel closes per pass: a close with its pipeline's teardown is a few tens of microseconds. */
    static final int CLOSES_PER_PASS = 64;

    private final EventLoop loop;
    private final Queue<NettyConnection> due = PlatformDependent.newMpscQueue();
    private final Queue<NettyConnection> teardown = new ArrayDeque<>(); // loop-confined
    private final AtomicBoolean scheduled = new AtomicBoolean();

    LoopResets(EventLoop loop) {
        this.loop = loop;
    }

    /** Asks for {@code c}'s reset from any thread; never blocks. On the loop itself it happens at once. */
    void add(NettyConnection c) {
        if (loop.inEventLoop()) {
            if (c.resetInLoop()) {
                c.close();
            }
            return;
        }
        due.add(c);
        schedule();
    }

    /** Closes {@code c}, whose RST is out already, in a later pass; from any thread, never blocks. */
    void tearDown(NettyConnection c) {
        due.add(c);
        schedule();
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this);
            } catch (RejectedExecutionException shuttingDown) {
                // The loop closes every channel as it shuts down; nobody may wait for an RST that will
                // not come from here.
                scheduled.set(false);
                for (NettyConnection c; (c = due.poll()) != null; ) {
                    if (!c.resetSentDirectly()) {
                        c.resetAbandoned();
                    }
                }
            }
        }
    }

    @Override
    public void run() {
        scheduled.set(false); // a reset asked for from now on schedules another pass
        for (NettyConnection c; (c = due.poll()) != null; ) {
            if (c.resetSentDirectly() || c.resetInLoop()) {
                teardown.add(c);
            }
        }
        for (int i = 0; i < CLOSES_PER_PASS; i++) {
            NettyConnection c = teardown.poll();
            if (c == null) {
                break;
            }
            c.close();
        }
        if (!teardown.isEmpty()) {
            schedule();
        }
    }
}
