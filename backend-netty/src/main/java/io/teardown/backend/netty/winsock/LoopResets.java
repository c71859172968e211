package io.teardown.backend.netty.winsock;

import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicReference;
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
 * <p>Asking allocates nothing and never waits for another thread: the connections are pushed onto a
 * stack linked through themselves ({@link NettyConnection#nextReset}; each is pushed once, and
 * {@link NettyConnection#resetSentDirectly()} says what is left), and a pass takes the whole stack with
 * one swap. A lingering close asks at its deadline, where an allocation by each of thousands of closers
 * took a fresh allocation buffer each and filled the young generation, stopping every thread for a
 * collection just when the deadlines fell (issue 22). An array-backed queue was tried and is not fit:
 * its producers spin while one of them links a new chunk, and with thousands of closers runnable on two
 * cores that one was rarely scheduled — a 10 000-close run spent 4 ms of CPU per close and returned
 * 20 s late.
 */
final class LoopResets implements Runnable {
    /** Channel closes per pass: a close with its pipeline's teardown is a few tens of microseconds. */
    static final int CLOSES_PER_PASS = 64;

    private final EventLoop loop;
    private final AtomicReference<NettyConnection> due = new AtomicReference<>(); // a stack through nextReset
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
        push(c);
        schedule();
    }

    /** Closes {@code c}, whose RST is out already, in a later pass; from any thread, never blocks. */
    void tearDown(NettyConnection c) {
        push(c);
        schedule();
    }

    /** Lock-free: a failed compare-and-set means another push succeeded, never that one is under way. */
    private void push(NettyConnection c) {
        NettyConnection head;
        do {
            head = due.get();
            c.nextReset = head;
        } while (!due.compareAndSet(head, c));
    }

    /** Everything pushed so far, oldest first, unlinked. */
    private NettyConnection takeAll() {
        NettyConnection reversed = null;
        for (NettyConnection c = due.getAndSet(null); c != null; ) {
            NettyConnection next = c.nextReset;
            c.nextReset = reversed;
            reversed = c;
            c = next;
        }
        return reversed;
    }

    private void schedule() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                loop.execute(this);
            } catch (RejectedExecutionException shuttingDown) {
                // The loop closes every channel as it shuts down; nobody may wait for an RST that will
                // not come from here.
                scheduled.set(false);
                for (NettyConnection c = takeAll(); c != null; ) {
                    NettyConnection next = c.nextReset;
                    c.nextReset = null;
                    if (!c.resetSentDirectly()) {
                        c.resetAbandoned();
                    }
                    c = next;
                }
            }
        }
    }

    @Override
    public void run() {
        scheduled.set(false); // a reset asked for from now on schedules another pass
        for (NettyConnection c = takeAll(); c != null; ) {
            NettyConnection next = c.nextReset;
            c.nextReset = null;
            if (c.resetSentDirectly() || c.resetInLoop()) {
                teardown.add(c);
            }
            c = next;
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
