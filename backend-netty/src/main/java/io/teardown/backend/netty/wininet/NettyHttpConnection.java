package io.teardown.backend.netty.wininet;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import io.teardown.api.Win32Error;
import io.teardown.wininet.engine.HttpConnection;
import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLException;

/**
 * One pooled-or-busy HTTP/1.1 connection: the last handler of a channel whose pipeline is
 * {@code [SslHandler] → HttpClientCodec → this}. The response head is read as it comes, body bytes only
 * as far as the engine {@linkplain #demand() asks} (so a large body never piles up in memory), and while
 * idle the channel reads only to notice the server closing it. While the engine answers each body piece
 * with more demand, auto-read is on and the event loop reads batch after batch (up to the channel's
 * messages per read), handing the pieces over one by one and ending each batch with
 * {@link ExchangeListener#received()}; the first piece not answered so turns auto-read off (the engine's
 * buffer is full: TCP back-pressure from there on). A streamed request body ({@code HttpSendRequestEx},
 * {@link #stream}) goes out piece by piece behind its head, each piece reported once it is on the socket;
 * the response is read only after the body ended.
 *
 * <p>All state is confined to the channel's event loop; public methods hop onto it. Closing is
 * abortive from the engine's point of view: nothing is reported after {@link #close()}.
 */
final class NettyHttpConnection extends ChannelInboundHandlerAdapter implements HttpConnection {
    /** Bytes of a streamed body handed over and not yet on the socket before the sink says "wait". */
    static final int MAX_QUEUED = 64 * 1024;
    private final Channel channel;
    private volatile boolean aborted;
    // event-loop confined
    private ExchangeListener listener;
    private boolean headSeen;
    private boolean interim;
    private boolean keepAlive;
    /** A streamed body is being written: nothing of the response is read yet. */
    private boolean uploading;
    /**
     * What arrived while uploading (a read asked for while idle, a server answering before the body
     * ended): handed on when the body ends, as if read then.
     */
    private final java.util.ArrayDeque<Object> early = new java.util.ArrayDeque<>(2);
    /** The engine asked for more from inside the piece being handed over: the batch goes on. */
    private boolean demandedInRead;
    /** Body pieces were handed over in the current read batch: {@code received()} follows at its end. */
    private boolean piecesInBatch;
    private long timeoutNanos;
    private ScheduledFuture<?> timer;
    /** Waiting for bytes the engine asked for (the head, or demanded body): the receive timeout runs. */
    private boolean waiting;
    /** When bytes last came or were asked for ({@link System#nanoTime}); the timeout counts from there. */
    private long lastProgress;

    NettyHttpConnection(Channel channel) {
        this.channel = channel;
    }

    @Override
    public void exchange(OutgoingRequest request, Duration receiveTimeout, ExchangeListener l) {
        channel.eventLoop().execute(() -> start(request, receiveTimeout, l, null));
    }

    @Override
    public BodySink stream(OutgoingRequest request, Duration receiveTimeout, ExchangeListener l) {
        boolean raw = false;
        for (Header h : request.headers()) {
            raw |= h.name().equalsIgnoreCase("Transfer-Encoding")
                    && h.value().trim().toLowerCase(Locale.ROOT).endsWith("chunked");
        }
        StreamedBody body = new StreamedBody(l, raw);
        channel.eventLoop().execute(() -> start(request, receiveTimeout, l, body));
        return body;
    }

    private void start(OutgoingRequest request, Duration receiveTimeout, ExchangeListener l, StreamedBody body) {
        if (aborted) {
            return;
        }
        if (!channel.isActive()) {
            l.failed(Win32Error.ERROR_INTERNET_CONNECTION_RESET.code());
            return;
        }
        stopTimer();
        listener = l;
        headSeen = false;
        interim = false;
        piecesInBatch = false;
        uploading = body != null;
        if (uploading) {
            stopReading(); // nothing of the response is read while the body goes out
        }
        timeoutNanos = receiveTimeout.toNanos();
        HttpRequest req;
        try {
            HttpVersion version = HttpVersion.valueOf(request.version());
            HttpMethod method = HttpMethod.valueOf(request.method());
            req = body == null
                    ? new DefaultFullHttpRequest(version, method, request.target(), Unpooled.wrappedBuffer(request.body()))
                    : new DefaultHttpRequest(version, method, request.target());
            for (Header h : request.headers()) {
                req.headers().add(h.name(), h.value()); // validated again by Netty's header checks
            }
        } catch (IllegalArgumentException e) {
            fail(Win32Error.ERROR_INTERNET_INTERNAL_ERROR.code());
            return;
        }
        // a chunked upload's framing is the application's: the codec cannot end it, the connection goes
        keepAlive = HttpUtil.isKeepAlive(req) && (body == null || !body.raw);
        ChannelFuture written;
        if (body == null) {
            written = channel.writeAndFlush(req);
        } else {
            channel.write(req);
            written = body.writeBytes(request.body());
        }
        written.addListener(f -> {
            if (listener != l) {
                return;
            }
            if (f.isSuccess()) {
                l.sent();
                if (body == null) {
                    readWithTimer();
                } // an upload's response is read once its body ends
            } else {
                fail(map(f.cause()));
            }
        });
        if (!written.isDone()) {
            l.writing(); // sent() comes later: let the engine deliver what it queued for this send now
        }
    }

    /**
     * The body of a streamed request. Bytes not yet on the socket are counted, so {@link #writable()}
     * answers for what the engine handed over, not only for what reached the channel (backpressure).
     */
    private final class StreamedBody implements BodySink {
        private final ExchangeListener l;
        /** Transfer-Encoding: chunked: the bytes (the application's framing) pass the codec as they are. */
        final boolean raw;
        private final AtomicLong queued = new AtomicLong();

        StreamedBody(ExchangeListener l, boolean raw) {
            this.l = l;
            this.raw = raw;
        }

        /** On the event loop: writes and flushes {@code bytes} after everything before them. */
        ChannelFuture writeBytes(byte[] bytes) {
            if (raw) {
                // past the encoder (which would frame the bytes a second time), into TLS or the socket
                return channel.pipeline().context("http").writeAndFlush(Unpooled.wrappedBuffer(bytes));
            }
            return channel.writeAndFlush(new DefaultHttpContent(Unpooled.wrappedBuffer(bytes)));
        }

        @Override
        public boolean writable() {
            return queued.get() < MAX_QUEUED && channel.isWritable();
        }

        @Override
        public void write(byte[] data, Runnable done) {
            queued.addAndGet(data.length);
            channel.eventLoop().execute(() -> {
                if (aborted || listener != l) {
                    queued.addAndGet(-data.length);
                    return;
                }
                writeBytes(data).addListener(f -> {
                    queued.addAndGet(-data.length);
                    if (listener != l) {
                        return;
                    }
                    if (f.isSuccess()) {
                        done.run();
                    } else {
                        fail(map(f.cause()));
                    }
                });
            });
        }

        @Override
        public void end() {
            channel.eventLoop().execute(() -> {
                if (aborted || listener != l) {
                    return;
                }
                uploading = false;
                // a Content-Length body: the empty last content writes nothing and readies the codec for
                // the next request on this connection
                ChannelFuture f = raw ? channel.newSucceededFuture() : channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
                f.addListener(x -> {
                    if (listener == l && !x.isSuccess()) {
                        fail(map(x.cause()));
                    }
                });
                Object m;
                while ((m = early.poll()) != null) {
                    channelRead(null, m); // what came while uploading, in order; releases it
                }
                batchEnded(l);
                if (listener != l) {
                    return; // the whole response had come already
                }
                readWithTimer();
            });
        }
    }

    @Override
    public boolean reportsWriting() {
        return true; // start() ends in sent(), failed() or writing(), or returns only when closed (aborted)
    }

    @Override
    public boolean reportsReadBatches() {
        return true; // channelReadComplete ends each batch with received()
    }

    @Override
    public void demand() {
        if (channel.eventLoop().inEventLoop()) {
            // The engine asks from inside channelRead (head or content just delivered): go on reading in
            // this very turn (a queued task would run after it, and the rest of the body would wait for
            // another epoll round).
            demanded();
        } else {
            channel.eventLoop().execute(this::demanded);
        }
    }

    private void demanded() {
        if (listener != null && !aborted) {
            demandedInRead = true;
            awaitBytes();
            if (!channel.config().isAutoRead()) {
                channel.config().setAutoRead(true); // reads now, and batch after batch while demand stands
            }
        }
    }

    /** The engine's buffer is full (no demand for the piece just handed over): stop reading for it. */
    private void stopReading() {
        waiting = false;
        if (channel.config().isAutoRead()) {
            channel.config().setAutoRead(false);
        }
    }

    private void readWithTimer() {
        channel.read();
        awaitBytes();
    }

    /** From now on the engine waits for bytes: the receive timeout runs (counted from the last progress). */
    private void awaitBytes() {
        waiting = true;
        lastProgress = System.nanoTime();
        if (timeoutNanos > 0 && timer == null) {
            schedule(listener, timeoutNanos);
        }
    }

    /**
     * One timer per exchange, not one per piece: when it fires it looks at the time since the last
     * progress and waits the rest, or fails the exchange if bytes the engine asked for took too long.
     */
    private void schedule(ExchangeListener l, long delayNanos) {
        timer = channel.eventLoop().schedule(() -> {
            timer = null;
            if (listener != l || !waiting) {
                return; // the exchange ended, or the engine stopped asking (no bytes awaited)
            }
            long idle = System.nanoTime() - lastProgress;
            if (idle < timeoutNanos) {
                schedule(l, timeoutNanos - idle);
            } else {
                fail(Win32Error.ERROR_INTERNET_TIMEOUT.code());
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void stopTimer() {
        waiting = false;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** The end of a read batch: the engine gets the batch's pieces for a waiting read at once. */
    private void batchEnded(ExchangeListener l) {
        if (piecesInBatch) {
            piecesInBatch = false;
            if (l != null && listener == l && !aborted) {
                l.received();
            }
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (aborted) {
                return;
            }
            if (uploading && listener != null) {
                early.add(ReferenceCountUtil.retain(msg)); // the engine hears the response after the end
                return;
            }
            ExchangeListener l = listener;
            if (l == null) {
                channel.close(); // bytes on an idle connection: the server broke the protocol
                return;
            }
            lastProgress = System.nanoTime();
            if (msg instanceof HttpObject o && o.decoderResult().isFailure()) {
                fail(Win32Error.ERROR_HTTP_INVALID_SERVER_RESPONSE.code());
                return;
            }
            if (msg instanceof HttpResponse r) {
                int code = r.status().code();
                if (code >= 100 && code < 200 && code != 101) {
                    interim = true; // 100 Continue and friends are not the response
                } else {
                    interim = false;
                    headSeen = true;
                    keepAlive &= HttpUtil.isKeepAlive(r);
                    List<Header> headers = new ArrayList<>();
                    for (Map.Entry<String, String> e : r.headers()) {
                        headers.add(new Header(e.getKey(), e.getValue()));
                    }
                    l.head(new ResponseHead(r.protocolVersion().text(), code, r.status().reasonPhrase(), headers));
                }
            }
            if (msg instanceof HttpContent c && !interim && headSeen && listener == l) {
                if (c.content().isReadable()) {
                    // no copy here: the engine copies it once, into the caller's buffer, and releases it
                    demandedInRead = false;
                    piecesInBatch = true;
                    l.content(new io.teardown.backend.netty.io.RetainedBuffer(c.content().retain()));
                    if (!demandedInRead && listener == l) {
                        stopReading();
                    }
                }
                if (c instanceof LastHttpContent && listener == l) {
                    listener = null;
                    piecesInBatch = false; // end() gives a waiting read everything
                    stopTimer(); // the engine may have asked for more while taking this last piece
                    l.end(keepAlive && channel.isActive());
                    if (!channel.config().isAutoRead()) {
                        channel.read(); // idle: watch for the server closing the connection
                    } // (with auto-read still on, the channel watches anyway)
                }
            } else if (msg instanceof LastHttpContent && interim) {
                interim = false;
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        batchEnded(listener);
        if (listener != null && !headSeen && !aborted && !uploading) {
            readWithTimer(); // keep reading until the head is complete
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stopTimer();
        if (listener != null) {
            // no LastHttpContent: closed before the head (bad reply) or in the middle of the body
            fail(headSeen || uploading ? Win32Error.ERROR_INTERNET_CONNECTION_ABORTED.code()
                    : Win32Error.ERROR_HTTP_INVALID_SERVER_RESPONSE.code());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (listener != null) {
            fail(map(cause));
        }
        channel.close();
    }

    private void fail(int error) {
        ExchangeListener l = listener;
        listener = null;
        uploading = false;
        early.forEach(ReferenceCountUtil::release);
        early.clear();
        stopTimer();
        channel.close();
        if (l != null && !aborted) {
            l.failed(error);
        }
    }

    /** A Netty/JDK failure as the WinINet error Windows reports for the same event. */
    static int map(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CertificateCheck.Rejected r) {
                return r.error;
            }
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TooLongFrameException) {
                return Win32Error.ERROR_HTTP_INVALID_SERVER_RESPONSE.code();
            }
            if (c instanceof SSLException) {
                return Win32Error.ERROR_INTERNET_SECURITY_CHANNEL_ERROR.code();
            }
        }
        if (t instanceof DecoderException) {
            return Win32Error.ERROR_HTTP_INVALID_SERVER_RESPONSE.code();
        }
        String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        if (t instanceof SocketException || t instanceof IOException) {
            if (m.contains("reset")) {
                return Win32Error.ERROR_INTERNET_CONNECTION_RESET.code();
            }
            return Win32Error.ERROR_INTERNET_CONNECTION_ABORTED.code();
        }
        return Win32Error.ERROR_INTERNET_INTERNAL_ERROR.code();
    }

    @Override
    public boolean isOpen() {
        return !aborted && channel.isActive();
    }

    @Override
    public void close() {
        aborted = true;
        channel.close();
    }

    @Override
    public String toString() {
        return "NettyHttpConnection[" + channel + "]";
    }
}
