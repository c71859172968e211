package io.teardown.winsock.engine;

import io.teardown.api.CloseEvent;
import io.teardown.api.Win32Error;
import io.teardown.winsock.Ws2_32;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A stream socket's close. {@link #begin} is the first half of {@code closesocket}: the decision of
 * {@link LingerDecision} (WS-04 … WS-07) and, unless it is {@code WSAEWOULDBLOCK}, the socket marked closed
 * and its overlapped operations aborted (WS-09) — of two racing closes exactly one gets past it (WS-14).
 * {@link #finish} is the second half, after the handle is gone: the transport action of the chosen mode —
 * FIN (WS-04), RST (WS-05), or the lingering close that blocks the calling thread until everything was
 * acknowledged or the timeout passed (WS-06). {@link #release} closes without {@code closesocket}
 * ({@code CloseHandle}, WS-15; {@code WSACleanup}; the session's end) and never blocks. The transport
 * actions run without the socket's lock (transport callbacks need it).
 */
final class StreamClose {
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /**
     * How long past its deadline a lingering close waits at most for its RST to reach the kernel: the
     * bound of WS-06's return however loaded the machine (docs/winsock.md, "WS-06 under load").
     */
    private static final long RESET_SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(750);
    /** How long a hard close (WS-05) waits at most for its RST to reach the kernel. */
    private static final long ABORT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    private StreamClose() {
    }

    /**
     * Performs {@code mode} on {@code s}, which {@link #begin} marked closed, and says what it did. A
     * lingering close that resets at its deadline allocates nothing from its wake-up to its return: with
     * thousands of them falling due at once, an allocation each took a fresh allocation buffer each,
     * filled the young generation and stopped every thread for a collection just then (issue 22,
     * docs/RELIABILITY.md).
     */
    static CloseEvent.Outcome finish(StreamSocket s, LingerDecision.Mode mode) {
        switch (mode) {
            case GRACEFUL -> {
                closeConnection(s, false);
                return CloseEvent.Outcome.GRACEFUL;
            }
            case ABORTIVE -> {
                closeConnection(s, true);
                awaitReset(s, ABORT_WAIT_NANOS);
                return CloseEvent.Outcome.RESET;
            }
            case LINGER -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(s.lingerSetting().l_linger());
                CloseEvent.Outcome o = linger(s, deadline); // the engine ends the blocking-call mark after reporting the close
                if (o == CloseEvent.Outcome.LINGER_RESET) {
                    // Bounded by the deadline, not by now: a close that woke late must not wait a
                    // whole further bound for a transport too busy to close the channel.
                    awaitReset(s, deadline + RESET_SLACK_NANOS - System.nanoTime());
                }
                return o;
            }
            default -> {
                releaseResources(s, true); // a connection that already failed is released with RST
                return CloseEvent.Outcome.GRACEFUL;
            }
        }
    }

    /** FIN ({@code reset} false) or RST on the connection, then the listener and a connect in progress go. */
    private static void closeConnection(StreamSocket s, boolean reset) {
        s.lock.lock();
        try {
            s.inbound.discard();
            if (s.conn != null) {
                if (reset) {
                    s.conn.reset();
                } else {
                    s.conn.closeGracefully();
                }
            }
        } finally {
            s.lock.unlock();
        }
        releaseResources(s, false);
    }

    /**
     * WS-06: waits in the calling thread until everything was acknowledged (then a graceful close) or
     * the timeout passes (then RST). Neither epoll nor NIO signals acknowledgements, so the session's
     * {@link LingerWatch} polls the transport for every lingering socket at once and wakes this thread;
     * it also keeps the deadline, and at it resets the connection ({@link Connection#reset()}): one
     * sleep per close, as a kernel's own linger has, and no task from this thread to an event loop (see {@link LingerWatch} for why that matters on a
     * loaded machine). This thread's own wait ends at the deadline as well: whichever of the two comes
     * first claims the RST (one compare-and-set), so a watcher starved on a loaded machine delays
     * nothing. The RST itself costs the claimer one system call where the transport can send it without
     * its event loop (epoll); {@link #finish} waits for it at most until {@link #RESET_SLACK_NANOS} past
     * the deadline. If the watcher is gone (the session is closing) this thread polls for itself.
     */
    private static CloseEvent.Outcome linger(StreamSocket s, long deadline) {
        LingerWatch watch = s.ctx.lingerWatch();
        LingerWatch.Waiter waiter = null;
        s.lock.lock();
        try {
            Connection c = s.conn;
            waiter = new LingerWatch.Waiter(deadline) {
                @Override
                boolean settled() {
                    return !c.isOpen() || drained(c);
                }

                @Override
                void wake() {
                    s.lock.lock();
                    try {
                        s.changed.signalAll();
                    } finally {
                        s.lock.unlock();
                    }
                }

                @Override
                void expired() {
                    // Only if the lock is free: waiting for it on the watcher's one thread let a closer
                    // preempted while holding it stall every later deadline (issue 22). Whoever holds it
                    // is the closer, awake past its deadline, or a transport callback; either way the
                    // closer's own wait ends at the deadline and it then resets itself (below). No
                    // wake-up for the same reason.
                    if (s.lock.tryLock()) {
                        try {
                            c.reset(); // under the lock, as the transport's reset wants
                        } finally {
                            s.lock.unlock();
                        }
                    }
                }
            };
            for (;;) {
                if (waiter.resetClaimed()) {
                    // The watcher claimed the deadline's RST; it may have found this lock taken and left
                    // the RST to this thread. A second reset sends nothing (the connection is gone), so
                    // reset; finish then waits for the RST, not for the transport's teardown.
                    c.reset();
                    return CloseEvent.Outcome.LINGER_RESET;
                }
                if (s.failed || !c.isOpen()) {
                    c.reset(); // nothing left to do if the deadline's RST closed it
                    return CloseEvent.Outcome.LINGER_RESET;
                }
                if (drained(c)) {
                    if (!waiter.settle()) {
                        return CloseEvent.Outcome.LINGER_RESET; // acknowledged as the deadline's RST went out
                    }
                    c.closeGracefully();
                    return CloseEvent.Outcome.LINGERED;
                }
                // Joins again after the watcher woke it on a reading that this check did not confirm.
                boolean watched = watch.add(waiter);
                // The watcher keeps the deadline too, and whichever of the two gets there first sends the
                // RST (expire() decides): on a loaded machine this thread's own timer is often the first.
                long wait = deadline - System.nanoTime();
                if (wait <= 0) {
                    waiter.expire(); // this thread or the watcher: the deadline's RST is claimed once
                    c.reset(); // whoever claimed it, under this lock (the watcher may have found it taken)
                    return CloseEvent.Outcome.LINGER_RESET;
                }
                try {
                    s.changed.awaitNanos(watched ? wait : Math.min(wait, MAX_POLL_NANOS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    if (waiter.settle()) {
                        c.closeGracefully(); // the handle is gone already; let the data finish in the background
                    }
                    throw WsaException.of(Win32Error.WSAEINTR);
                }
            }
        } finally {
            s.lock.unlock();
            if (waiter != null) {
                watch.remove(waiter);
            }
        }
    }

    /** Nothing left unsent or unacknowledged on {@code c}. */
    static boolean drained(Connection c) {
        return c.queuedBytes() == 0 && c.unacknowledged() == 0;
    }

    /**
     * Lets the RST reach the kernel before closesocket returns, waiting at most {@code nanos}; outside the
     * lock (transport callbacks need it).
     */
    private static void awaitReset(StreamSocket s, long nanos) {
        Connection c;
        s.lock.lock();
        try {
            c = s.conn;
        } finally {
            s.lock.unlock();
        }
        if (c != null && nanos > 0) {
            c.awaitClosed(nanos);
        }
    }

    private static boolean pendingData(StreamSocket s) {
        if (s.sendsQueued()) {
            return true;
        }
        return s.conn.queuedBytes() > 0 || s.conn.unacknowledged() > 0;
    }

    /** The first half of {@code closesocket}; WSAENOTSOCK if another close got here first (WS-14). */
    static LingerDecision.Mode begin(StreamSocket s) {
        s.lock.lock();
        try {
            if (s.closed) {
                // WS-14: another thread's closesocket (or CloseHandle) got here first; exactly one close wins
                throw WsaException.of(Win32Error.WSAENOTSOCK);
            }
            boolean connected = s.conn != null && !s.failed && s.conn.isOpen();
            // Only a linger timeout (l_onoff != 0, l_linger > 0) depends on pending data; asking the
            // transport (TCP_INFO, a system call) for every graceful or abortive close cost churn time.
            boolean timed = s.linger.enabled() && s.linger.l_linger() > 0;
            LingerDecision.Mode mode = LingerDecision.decide(s.linger, s.nonBlocking, connected,
                    connected && timed && pendingData(s));
            if (mode == LingerDecision.Mode.WOULD_BLOCK) {
                throw WsaException.of(Win32Error.WSAEWOULDBLOCK);
            }
            if (mode == LingerDecision.Mode.LINGER) {
                s.ctx.enterBlocking(); // WS-12: WSAEINPROGRESS if this thread is already in a blocking call
            }
            s.closed = true;
            s.abortOverlapped();
            s.inbound.discard(); // nobody can read it any more, in any linger mode
            s.changed.signalAll();
            return mode;
        } finally {
            s.lock.unlock();
        }
    }

    /** Stops listening, resets connections nobody accepted, abandons a connect in progress. */
    static void releaseResources(StreamSocket s, boolean abortive) {
        AcceptBacklog b;
        CompletableFuture<Connection> pendingConnect;
        s.lock.lock();
        try {
            b = s.backlog;
            s.backlog = null;
            s.listening = false;
            pendingConnect = s.connecting;
            s.connecting = null;
            if (abortive && s.conn != null) {
                s.conn.reset();
            }
            s.changed.signalAll();
        } finally {
            s.lock.unlock();
        }
        if (b != null) {
            b.close();
        }
        if (pendingConnect != null) {
            // The attempt is given up: the transport closes a socket still connecting, and a connection
            // that completed meanwhile is reset.
            pendingConnect.cancel(false);
            pendingConnect.thenAccept(Connection::reset);
        }
    }

    /** A backlog connection nobody accepted: closed, its data released, its connection reset. */
    static void abandon(StreamSocket s) {
        s.lock.lock();
        try {
            s.closed = true;
            s.inbound.discard();
            if (s.conn != null) {
                s.conn.reset();
            }
        } finally {
            s.lock.unlock();
        }
    }

    /** Closes without a {@code closesocket} call; a socket that would linger is closed gracefully. */
    static void release(StreamSocket s, boolean postClose) {
        s.lock.lock();
        try {
            if (s.closed) {
                return;
            }
            if (postClose && s.conn != null) {
                s.post(Ws2_32.FD_CLOSE_BIT, 0); // WS-15: CloseHandle posts FD_CLOSE to the socket's own selection
            }
            s.closed = true;
            s.abortOverlapped();
            boolean abortive = s.linger.enabled() && s.linger.l_linger() == 0;
            s.inbound.discard();
            if (s.conn != null) {
                if (abortive || s.failed) {
                    s.conn.reset();
                } else {
                    s.conn.closeGracefully();
                }
            }
            s.changed.signalAll();
        } finally {
            s.lock.unlock();
        }
        releaseResources(s, false);
    }
}
