package io.teardown.backend.netty.winsock;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.unix.Socket;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.netty.util.concurrent.Promise;
import io.teardown.winsock.engine.Connection;
import io.teardown.winsock.engine.ConnectionEvents;
import io.teardown.winsock.engine.StreamOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;

/**
 * One TCP connection on a Netty channel (research/netty-jna-dagger.md §1, §5):
 * <ul>
 *   <li>Netty's {@code close()} drops queued writes, so a graceful close first flushes (an empty write
 *       completes after every earlier one), then sends FIN with {@code shutdownOutput()}, then keeps
 *       reading and discarding until the peer's FIN (or a drain timeout), so unread input never turns
 *       the FIN into an RST;</li>
 *   <li>a hard close sends RST on the event loop ({@link LoopResets}): on epoll {@code connect(AF_UNSPEC)},
 *       the kernel's abort, with the channel closed afterwards; on NIO {@code SO_LINGER} 0 and the close.
 *       Kernel linger &gt; 0 is never used (Netty would close on its single GlobalEventExecutor thread,
 *       and NIO ignores it);</li>
 *   <li>on epoll, {@code TCP_INFO} ({@link TcpInfoReader}) says whether the
 *       kernel still holds unacknowledged data; on NIO only Netty's own queue is known.</li>
 * </ul>
 */
final class NettyConnection implements Connection {
    /** {@code getsockopt(SOL_SOCKET, SO_ERROR)}: read and cleared by the kernel. */
    private static final int SOL_SOCKET = 1;
    private static final int SO_ERROR = 4;

    private final NettyWinsockTransport transport;
    private final SocketChannel ch;
    private static final AtomicLongFieldUpdater<NettyConnection> QUEUED =
            AtomicLongFieldUpdater.newUpdater(NettyConnection.class, "queued");

    private volatile long queued; // through QUEUED: an AtomicLong would be one more object per socket
    private volatile long sendLimit;
    private volatile ConnectionEvents events;
    volatile boolean released;
    volatile boolean inputShutdown;
    volatile boolean failed;
    private volatile boolean readPaused; // the engine's SO_RCVBUF back-pressure
    private volatile CallerReads callerReads; // NIO: receives on the application's threads, from the first one asked for
    private volatile ScheduledFuture<?> drain;
    private volatile Promise<Void> resetSent; // created once, through RESET_SENT
    /** {@link #resetSent} of an RST the calling thread sent itself: shared, so that sending allocates nothing. */
    private static final Promise<Void> SENT_DIRECTLY = ImmediateEventExecutor.INSTANCE.<Void>newPromise().setSuccess(null);
    /** A reset was asked for: a second one (the watcher's and the closer's at a deadline) sends nothing more. */
    private volatile boolean resetAsked;
    /** The RST went out from the calling thread; only the channel's close is left to its loop. */
    private volatile boolean resetDirect;
    /** The next connection on its loop's stack of resets ({@link LoopResets}); written before the push publishes it. */
    NettyConnection nextReset;
    @SuppressWarnings("rawtypes")
    private static final AtomicReferenceFieldUpdater<NettyConnection, Promise> RESET_SENT =
            AtomicReferenceFieldUpdater.newUpdater(NettyConnection.class, Promise.class, "resetSent");
    /**
     * When a graceful close started draining (System.nanoTime on the event loop; 0 before, and for a
     * reset): data read later than {@link #SETTLE_NANOS} after it is new data to a closed socket.
     */
    private long drainingSince; // event-loop confined
    /**
     * How long after a graceful close input still counts as having arrived before it (it was in the
     * kernel's receive buffer, or on the wire, when closesocket ran): Windows discards that, and answers
     * only data arriving later with RST. Reading a full receive buffer takes well under this.
     */
    private static final long SETTLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    NettyConnection(NettyWinsockTransport transport, SocketChannel ch, StreamOptions options) {
        this.transport = transport;
        this.ch = ch;
        this.sendLimit = Math.max(1, options.sendBuffer());
    }

    /** Attaches the engine's sink and the handler; called in the channel initializer, before any read. */
    void attach(ConnectionEvents sink) {
        this.events = sink;
        ch.pipeline().addLast(new StreamHandler(this));
    }

    /**
     * The channel left its event loop (closed and deregistered; called once, from the handler's
     * {@code handlerRemoved}, which replaces two close-future listeners per connection).
     */
    void detached() {
        ScheduledFuture<?> d = drain;
        if (d != null) {
            d.cancel(false);
        }
        transport.connectionGone();
    }

    /**
     * The channel of a connection made on the calling thread ({@link DirectConnect#adopt}) was refused by
     * its event loop and closed: nothing of the pipeline ran, so nothing else reports the end.
     */
    void registrationFailed() {
        failed = true;
        transport.connectionGone();
        ConnectionEvents e = events;
        if (e != null && !released) {
            e.failed(true);
        }
    }

    ConnectionEvents events() {
        return events;
    }

    @Override
    public InetSocketAddress localAddress() {
        return ch.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return ch.remoteAddress();
    }

    @Override
    public void write(byte[] buf, int off, int len, Consumer<Throwable> done) {
        int n = len;
        // Straight into the channel's (pooled, direct) allocator: a heap array would be copied to a
        // direct buffer by the channel anyway, so this is the only copy send() makes.
        ByteBuf data = ch.alloc().directBuffer(len, len).writeBytes(buf, off, len);
        QUEUED.addAndGet(this, n);
        ch.writeAndFlush(data).addListener(f -> {
            long q = QUEUED.addAndGet(this, -n);
            done.accept(f.isSuccess() ? null : f.cause());
            // Only the crossing below the limit is news: a sender can only be waiting for space (or an
            // FD_WRITE be owed) after the queue reached the limit. Reporting every completion woke a
            // thread blocked in recv() once per send for nothing (docs/PERFORMANCE.md, echo).
            long limit = sendLimit;
            if (q < limit && q + n >= limit) {
                reportWritable();
            }
        });
    }

    /**
     * Straight to the socket from the calling thread, only while nothing of ours is queued ({@code queued}
     * is 0 once every earlier write reached the kernel, and every engine write happens under the socket's
     * lock, as this one does), so no byte overtakes another. On NIO through the JDK channel, which
     * serialises writers and closes the descriptor only after a write in progress returned
     * ({@link DirectNioSocketChannel}). On epoll on the channel's descriptor: the engine closes only under
     * the socket lock the caller holds, and Netty closes by itself after {@code exceptionCaught} (whose
     * {@code failed} event waits for that lock) or a failed flush of queued bytes (which holds
     * {@code queued} above 0 until the close is done) — and, rarely, after a failed {@code shutdown} of the
     * input, which only an end-of-stream event precedes (docs/winsock.md). A failure returns -1: the write
     * took the socket's pending error (ECONNRESET is reported once), so the loop's next read would see only
     * an end of the stream, and the engine must fail the socket now.
     */
    @Override
    public int writeNow(byte[] buf, int off, int len) {
        if (queued != 0 || failed || released) {
            return 0;
        }
        if (ch instanceof DirectNioSocketChannel nio) {
            try {
                return nio.jdkChannel().write(ByteBuffer.wrap(buf, off, len));
            } catch (IOException closedOrReset) {
                return -1;
            }
        }
        if (!(ch instanceof EpollSocketChannel epoll) || !ch.isActive()) {
            return 0;
        }
        ByteBuf b = ch.alloc().directBuffer(len, len);
        try {
            b.writeBytes(buf, off, len);
            ByteBuffer direct = b.internalNioBuffer(b.readerIndex(), len);
            return epoll.fd().write(direct, direct.position(), direct.limit()); // 0 on EAGAIN
        } catch (IOException closedOrReset) {
            return -1;
        } finally {
            b.release();
        }
    }

    private void reportWritable() {
        ConnectionEvents e = events;
        if (!released && e != null) {
            e.writable();
        }
    }

    @Override
    public boolean writable() {
        return queued < sendLimit;
    }

    @Override
    public long queuedBytes() {
        return queued;
    }

    @Override
    public long unacknowledged() {
        if (!(ch instanceof EpollSocketChannel epoll)) {
            return 0; // NIO cannot see acknowledgements (docs/winsock.md)
        }
        long q = queued;
        if (!ch.isOpen()) {
            return q;
        }
        try {
            return q + TcpInfoReader.pending((Socket) epoll.fd());
        } catch (IOException closed) {
            return q;
        }
    }

    @Override
    public void pauseReading(boolean paused) {
        readPaused = paused;
        if (paused) {
            if (!released) {
                ch.config().setAutoRead(false);
            }
        } else if (ch.eventLoop().inEventLoop()) {
            readingInLoop();
        } else {
            ch.eventLoop().execute(this::readingInLoop); // what setAutoRead(true) would schedule anyway
        }
    }

    /**
     * On the loop, whoever should read reads: callers ({@link #readHere}: auto-read off, the channel's own
     * reads turned away, then the engine told — every byte the loop read was delivered before, in this
     * same thread), or the loop, unless the engine's buffer is full. After the peer's FIN everything has
     * been read: resuming would re-arm EPOLLIN for a descriptor the epoll set no longer holds, and that
     * epoll_ctl fails (ENOENT) and closes the channel — a false WSAECONNRESET for a recv that should see
     * the end of the stream. The FIN is noted on the loop, so the check is made there: a resume asked for
     * just before the FIN arrived cannot re-arm after it.
     */
    private void readingInLoop() {
        CallerReads r = callerReads;
        if (r != null && r.wanted && !released) {
            ch.config().setAutoRead(false);
            if (!r.handedOver) {
                ((DirectNioSocketChannel) ch).callersRead(true);
                r.handedOver = true;
                ConnectionEvents e = events;
                if (e != null) {
                    e.readingHandedOver();
                }
            }
            return;
        }
        loopReads();
        if (!released && !inputShutdown && !readPaused) {
            ch.config().setAutoRead(true);
        }
    }

    /** On the loop: callers no longer read; the channel's own reads read again. */
    private void loopReads() {
        CallerReads r = callerReads;
        if (r != null && r.handedOver) {
            r.handedOver = false;
            ((DirectNioSocketChannel) ch).callersRead(false);
        }
    }

    /**
     * NIO only: callers read through the JDK channel, which serialises readers and closes the descriptor only
     * after a read in progress returned (and after every selector let it go), so no read can reach another
     * socket that reused the number. On epoll the loop reads, as before: its epoll set reads on EPOLLRDHUP and
     * EPOLLERR whatever auto-read says, through a final read path no caller's read could be ordered with,
     * and Netty's public API has no way for a caller's thread to wait for a descriptor's readiness
     * (docs/winsock.md, "Where a call runs").
     */
    @Override
    public boolean readHere(boolean on) {
        if (!(ch instanceof DirectNioSocketChannel nio)) {
            return false;
        }
        CallerReads r = callerReads;
        if (!on) {
            if (r != null && r.wanted) {
                r.wanted = false; // callers stop now; the loop reads again after this task
                try {
                    ch.eventLoop().execute(this::readingInLoop);
                } catch (RejectedExecutionException shuttingDown) {
                    // the loop closes the channel as it shuts down: nothing is left to read
                }
            }
            return false;
        }
        if (released || failed) {
            return false;
        }
        if (r == null) {
            r = new CallerReads(nio);
            callerReads = r;
        }
        if (!r.wanted) {
            r.wanted = true; // before the task: it hands over what is wanted when it runs
            try {
                ch.eventLoop().execute(this::readingInLoop);
            } catch (RejectedExecutionException shuttingDown) {
                r.wanted = false;
                return false;
            }
        }
        return r.handedOver;
    }

    @Override
    public int readNow(byte[] buf, int off, int len) {
        CallerReads r = callerReads;
        return r == null || !r.now() || released ? 0 : r.read(buf, off, len);
    }

    @Override
    public void awaitReadable(Lock lock, long nanos) throws InterruptedException {
        CallerReads r = callerReads;
        if (r == null) {
            throw new IllegalStateException("reading was never handed to callers");
        }
        r.await(lock, nanos);
    }

    @Override
    public void wakeReader() {
        CallerReads r = callerReads;
        if (r != null) {
            r.wake();
        }
    }

    @Override
    public void shutdownOutput() {
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (ch.isActive() && !ch.isOutputShutdown()) {
                ch.shutdownOutput();
            }
        });
    }

    @Override
    public void closeGracefully() {
        released = true;
        // One task on the event loop, queued after every write issued before it: from another thread,
        // setAutoRead and writeAndFlush would each be a task and a wake-up of their own.
        ch.eventLoop().execute(this::closeGracefullyInLoop);
    }

    private void closeGracefullyInLoop() {
        drainingSince = System.nanoTime() | 1; // never 0
        loopReads(); // released: no caller reads any more
        if (!inputShutdown) {
            ch.config().setAutoRead(true); // drain: unread input would turn our FIN into an RST (not after the FIN: readingInLoop)
        }
        ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
            if (!f.isSuccess() || inputShutdown || !ch.isActive()) {
                ch.close();
                return;
            }
            // Every write issued before closesocket has reached the kernel: the peer's FIN may now simply
            // close the channel. Without half-closure Netty closes on it directly; with it, it first
            // shuts the input down (a system call that fails with ENOTCONN, and an exception with a stack
            // trace, on every graceful close) and fires an event (docs/PERFORMANCE.md, churn).
            ch.config().setOption(ChannelOption.ALLOW_HALF_CLOSURE, false);
            if (!ch.isOutputShutdown()) {
                ch.shutdownOutput().addListener((ChannelFutureListener) s -> {
                    if (!s.isSuccess()) {
                        s.channel().close();
                    }
                });
            }
            drain = ch.eventLoop().schedule(() -> {
                ch.close();
            }, transport.drainTimeout().toMillis(), TimeUnit.MILLISECONDS);
        });
    }

    /**
     * Closes once every write issued so far has reached the kernel. A {@code send} made on another thread
     * just before {@code closesocket} is still a task in the event loop's queue when the peer's FIN is read
     * (the loop handles I/O before tasks), and closing right there would fail it: the peer got FIN without
     * the data (WS-04; found by WinsockModelTest). A task queued now runs after those writes, and its empty
     * flush completes after them.
     */
    void closeAfterQueuedWrites() {
        ch.eventLoop().execute(() -> ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> ch.close()));
    }

    /**
     * Input read after the engine released the connection (on the event loop). Once a graceful close has
     * settled, data still arriving is new data for a socket nobody owns any more, which Windows' stack
     * answers with RST (the peer's next send or receive fails with a reset); Linux would silently take it
     * while the drain lasts.
     */
    void lateInput() {
        long since = drainingSince;
        if (since != 0 && !failed && !inputShutdown && System.nanoTime() - since > SETTLE_NANOS) {
            drainingSince = 0;
            reset();
        }
    }

    /**
     * On epoll the RST is sent here and now, from the calling thread (which holds the socket's lock, as
     * the engine's every reset does), and the channel's close (pipeline teardown, the descriptor) is left
     * to its loop's {@link LoopResets}. That is what lets a lingering
     * close return at its deadline on a loaded machine: its RST no longer waits behind thousands of
     * channel closes in the loops' queues (issue 22). On NIO, or on a channel already closing, the loop
     * sends it ({@link #resetInLoop}); {@link #awaitClosed} waits for it either way.
     */
    @Override
    public void reset() {
        if (resetAsked) {
            return; // the first reset's RST is out or on its way (the engine resets under the socket's lock)
        }
        resetAsked = true;
        LoopResets loop = transport.resets(ch.eventLoop());
        // From another thread only where the descriptor cannot be closed under the call, by the same
        // argument as writeNow's: the engine holds the socket's lock, nothing of ours is queued (no
        // failed flush can close the channel), and the engine has seen no failure and not released the
        // connection (a close after exceptionCaught waits for that lock in the failed event). So
        // released is set only after the call. Nothing is allocated on this path: a lingering close
        // takes it at its deadline (issue 22, LoopResets).
        if (!ch.eventLoop().inEventLoop() && queued == 0 && !failed && !released && disconnect()) {
            released = true;
            resetDirect = true;
            if (!RESET_SENT.compareAndSet(this, null, SENT_DIRECTLY)) {
                resetSent.trySuccess(null); // someone asked to wait for it before
            }
            loop.tearDown(this);
            return;
        }
        resetSent(); // before the loop's pass: awaitClosed waits for it from now on
        released = true;
        loop.add(this);
    }

    /** Whether the RST went out from the calling thread ({@link #reset()}), leaving only the channel's close. */
    boolean resetSentDirectly() {
        return resetDirect;
    }

    /**
     * On epoll, {@code connect(AF_UNSPEC)}: the kernel's {@code tcp_disconnect}, which is exactly what a
     * close with {@code SO_LINGER} 0 does — RST, queued data dropped, no FIN, no TIME_WAIT — while the
     * descriptor stays open for the channel's close. The kernel serialises it with the event loop's own
     * calls on the socket. False where it cannot be done (NIO, a closed channel, a failed call).
     *
     * <p>From a thread other than the loop only as {@link #reset()} allows: a descriptor closed by the
     * loop between the check and the call could meanwhile be another socket's.
     */
    private boolean disconnect() {
        if (!(ch instanceof EpollSocketChannel epoll) || !ch.isOpen()) {
            return false;
        }
        try {
            ((Socket) epoll.fd()).disconnect();
            return true;
        } catch (IOException refused) {
            return false; // not connected any more, or closed meanwhile: the loop's close resets or finds it gone
        }
    }

    /**
     * On the event loop: sends the RST now — on epoll with {@link #disconnect()}, leaving the channel's
     * close to the caller; otherwise (NIO cannot disconnect a TCP socket) with {@code SO_LINGER} 0 and
     * the close.
     *
     * @return whether the channel is still open and must be closed by the caller
     */
    boolean resetInLoop() {
        Promise<Void> sent = resetSent();
        if (disconnect()) {
            sent.trySuccess(null);
            return true;
        }
        if (ch.isOpen()) {
            try {
                ch.config().setOption(ChannelOption.SO_LINGER, 0);
            } catch (ChannelException alreadyClosed) {
                // the channel closed under us: nothing left to reset
            }
        }
        ch.close().addListener(f -> sent.trySuccess(null));
        return false;
    }

    /** The loop shut down before it could reset: its shutdown closes the channel; nobody waits for more. */
    void resetAbandoned() {
        resetSent().trySuccess(null);
    }

    /** Completed once this connection's RST reached the kernel; created by the first reset asked for. */
    private Promise<Void> resetSent() {
        Promise<Void> p = resetSent;
        if (p == null) {
            p = ch.eventLoop().newPromise();
            if (!RESET_SENT.compareAndSet(this, null, p)) {
                p = resetSent;
            }
        }
        return p;
    }

    @Override
    public void awaitClosed(long timeoutNanos) {
        if (timeoutNanos > 0 && !ch.eventLoop().inEventLoop() && !transport.inTransportThread()) {
            Promise<Void> sent = resetSent;
            (sent != null ? sent : ch.closeFuture()).awaitUninterruptibly(timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void noDelay(boolean on) {
        try {
            ch.config().setOption(ChannelOption.TCP_NODELAY, on);
        } catch (ChannelException closed) {
            // applies to nothing once the channel is gone
        }
    }

    @Override
    public void buffers(int sendBuffer, int receiveBuffer) {
        long before = sendLimit;
        sendLimit = Math.max(1, sendBuffer);
        if (sendLimit > before && queued < sendLimit) {
            reportWritable(); // a larger SO_SNDBUF can free a blocked sender without any completion
        }
        try {
            ch.config().setOption(ChannelOption.SO_SNDBUF, Math.max(sendBuffer, 1024));
            ch.config().setOption(ChannelOption.SO_RCVBUF, Math.max(receiveBuffer, 1024));
        } catch (ChannelException closed) {
            // applies to nothing once the channel is gone
        }
    }

    /**
     * On epoll, the kernel's pending error: an RST that arrives after the peer's FIN leaves EPIPE (or
     * ECONNRESET) there, while every read goes on returning the FIN's end of the stream, so Netty reports
     * nothing. NIO cannot read {@code SO_ERROR}: there such a reset stays an end of the stream (docs/winsock.md).
     */
    @Override
    public boolean resetAfterEndOfStream() {
        if (!(ch instanceof EpollSocketChannel epoll) || !inputShutdown || !ch.isOpen()) {
            return false;
        }
        try {
            return ((Socket) epoll.fd()).getIntOpt(SOL_SOCKET, SO_ERROR) != 0;
        } catch (IOException closed) {
            return false; // closed meanwhile: nothing to ask
        }
    }

    @Override
    public boolean isOpen() {
        return ch.isActive() && !failed;
    }

    void close() {
        ch.close();
    }
}
