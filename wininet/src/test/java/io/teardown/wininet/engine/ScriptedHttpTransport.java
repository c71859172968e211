package io.teardown.wininet.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link HttpTransport} for the engine's own tests, in the spirit of Netty's
 * {@code EmbeddedChannel}: no socket and no server, a script instead. Connection attempts connect, never finish
 * (a host that drops SYNs: {@link #blackHole()}) or fail with a WinINet error; every exchange is answered by
 * the {@link Response} the test set — a head and a body in numbered pieces handed out one per
 * {@link HttpConnection#demand() demand}, a head that never comes (a stalled server), or a failure after so
 * many pieces. Pieces are byte {@code i} of the body = {@code (byte) i}; the transport counts the pieces it
 * made and the ones the engine released (exactly once each, WI-01), the attempts, the cancelled attempts,
 * the requests and the connections the engine closed. Listener calls run on one transport thread
 * ({@code scripted-http-io}), in order, as a real transport's I/O thread makes them.
 *
 * <p>With {@link #batches(int)} it reads as the Netty transport does: a demand starts a batch that goes on
 * while the engine answers each piece with more demand (at most so many pieces), ending with
 * {@link HttpConnection.ExchangeListener#received()}; a demand still standing at the end starts the next
 * batch. {@link #holdBatchEnds()} stops the transport thread before each batch end until the test lets it
 * go ({@link #endBatch()}), so a test can act while a batch's pieces are handed over and not yet received.
 *
 * <p>It lives in the engine's test tree, not in the test kit: the test kit depends on this module, and a test
 * dependency back on it would make a cycle in the Maven reactor.
 */
final class ScriptedHttpTransport implements HttpTransport {
    static final String IO_THREAD = "scripted-http-io";

    /** How a connection attempt ends. */
    enum ConnectOutcome {
        /** Connected, on the transport thread. */
        CONNECT,
        /** Never finishes until cancelled. */
        STALL,
        /** Fails with {@link #connectError}. */
        FAIL
    }

    /**
     * The answer to every exchange.
     *
     * @param status     the status code; {@code 0}: the head never comes (the exchange stalls)
     * @param pieces     body pieces (the head says {@code Content-Length: pieces × pieceSize})
     * @param pieceSize  bytes per piece
     * @param keepAlive  whether the server allows another exchange on the connection
     * @param failAfter  pieces delivered before the exchange fails with {@code error}; negative: never
     * @param error      the WinINet error of the failure
     */
    record Response(int status, int pieces, int pieceSize, boolean keepAlive, int failAfter, int error) {
        /** 200 with a body of {@code pieces} pieces of {@code pieceSize} bytes, keep-alive. */
        static Response ok(int pieces, int pieceSize) {
            return new Response(200, pieces, pieceSize, true, -1, 0);
        }

        /** A server that accepts the request and never answers. */
        static Response stall() {
            return new Response(0, 0, 0, false, -1, 0);
        }

        /** This response, with the server closing the connection after it. */
        Response closing() {
            return new Response(status, pieces, pieceSize, false, failAfter, error);
        }

        /** This response, failing with {@code winInetError} once {@code delivered} pieces went out. */
        Response failingAfter(int delivered, int winInetError) {
            return new Response(status, pieces, pieceSize, keepAlive, delivered, winInetError);
        }
    }

    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, IO_THREAD));
    private final AtomicInteger attempts = new AtomicInteger();
    private final AtomicInteger cancelled = new AtomicInteger();
    private final AtomicInteger made = new AtomicInteger();
    private final AtomicInteger released = new AtomicInteger();
    /** Parts split off pieces by reads that end inside one: made and released on their own. */
    private final AtomicInteger partsMade = new AtomicInteger();
    private final AtomicInteger partsReleased = new AtomicInteger();
    private final AtomicInteger releasedTwice = new AtomicInteger();
    private final AtomicInteger closedByEngine = new AtomicInteger();
    private final List<HttpConnection.OutgoingRequest> requests = new CopyOnWriteArrayList<>();
    private volatile ConnectOutcome connects = ConnectOutcome.CONNECT;
    private volatile int connectError;
    private volatile Response response = Response.ok(1, 0);
    private volatile int perBatch;
    private volatile Semaphore batchEnds;
    private final Semaphore batchesHandedOver = new Semaphore(0);

    /** A network where connection attempts never finish until cancelled. */
    static ScriptedHttpTransport blackHole() {
        return new ScriptedHttpTransport().connects(ConnectOutcome.STALL, 0);
    }

    /** How every later connection attempt ends ({@code winInetError} for {@link ConnectOutcome#FAIL}). */
    ScriptedHttpTransport connects(ConnectOutcome outcome, int winInetError) {
        connects = outcome;
        connectError = winInetError;
        return this;
    }

    /** The answer to every later exchange. */
    ScriptedHttpTransport respond(Response r) {
        response = r;
        return this;
    }

    /** Hands bodies over in read batches of at most {@code pieces} pieces (see the class comment). */
    ScriptedHttpTransport batches(int pieces) {
        perBatch = pieces;
        return this;
    }

    /** From now on each batch waits, its pieces handed over, until {@link #endBatch()} lets it end. */
    ScriptedHttpTransport holdBatchEnds() {
        batchEnds = new Semaphore(0);
        return this;
    }

    /** Waits (bounded) until a held batch has handed its pieces over and waits to end. */
    void awaitBatchHandedOver() throws InterruptedException {
        assertTrue(batchesHandedOver.tryAcquire(5, TimeUnit.SECONDS), "a batch was handed over");
    }

    /** Lets one held batch end (the engine hears {@code received()}). */
    void endBatch() {
        batchEnds.release();
    }

    /** Connection attempts so far. */
    int attempts() {
        return attempts.get();
    }

    /** Attempts the engine cancelled. */
    int cancelled() {
        return cancelled.get();
    }

    /** Body pieces made so far (not counting the parts reads split off them). */
    int made() {
        return made.get();
    }

    /** Connections the engine closed (aborted or discarded). */
    int closedByEngine() {
        return closedByEngine.get();
    }

    /** Every request the engine sent, in order. */
    List<HttpConnection.OutgoingRequest> requests() {
        return List.copyOf(requests);
    }

    /** Waits (bounded) until every piece made so far was released, then checks none was released twice. */
    void awaitAllReleased() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (released.get() != made.get() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        while (partsReleased.get() != partsMade.get() && System.nanoTime() < end) {
            Thread.sleep(5);
        }
        assertEquals(made.get(), released.get(), "pieces released");
        assertEquals(partsMade.get(), partsReleased.get(), "split-off parts released");
        assertEquals(0, releasedTwice.get(), "pieces released twice");
    }

    @Override
    public Cancellable connect(Endpoint endpoint, ConnectListener listener) {
        attempts.incrementAndGet();
        switch (connects) {
            case CONNECT -> io.execute(() -> listener.connected(new Connection()));
            case FAIL -> io.execute(() -> listener.failed(connectError));
            case STALL -> {
                // never finishes
            }
        }
        return cancelled::incrementAndGet;
    }

    @Override
    public boolean onTransportThread() {
        return Thread.currentThread().getName().equals(IO_THREAD);
    }

    @Override
    public void close() {
        io.shutdownNow();
    }

    /** One scripted connection: one exchange at a time, each answered by the response set when it began. */
    private final class Connection implements HttpConnection {
        private volatile boolean open = true;
        private ExchangeListener listener; // io thread
        private Response answer; // io thread
        private int sent; // io thread
        private boolean inBatch; // io thread
        private boolean demandedInBatch; // io thread

        @Override
        public void exchange(OutgoingRequest request, Duration receiveTimeout, ExchangeListener l) {
            requests.add(request);
            Response r = response;
            io.execute(() -> {
                if (!open) {
                    return;
                }
                listener = l;
                answer = r;
                sent = 0;
                l.sent();
                if (r.status() == 0) {
                    return; // the head never comes
                }
                l.head(new ResponseHead("HTTP/1.1", r.status(), "Scripted",
                        List.of(new Header("Content-Length", Integer.toString(r.pieces() * r.pieceSize())))));
                if (r.failAfter() == 0) {
                    fail(l, r);
                } else if (r.pieces() == 0) {
                    end(l, r);
                }
            });
        }

        @Override
        public BodySink stream(OutgoingRequest request, Duration receiveTimeout, ExchangeListener l) {
            throw new UnsupportedOperationException("the scripted transport sends no uploads");
        }

        @Override
        public boolean reportsReadBatches() {
            return perBatch > 0;
        }

        @Override
        public void demand() {
            if (perBatch > 0) {
                if (inBatch && onTransportThread()) {
                    demandedInBatch = true; // the batch goes on
                } else {
                    io.execute(this::batch);
                }
                return;
            }
            io.execute(() -> {
                ExchangeListener l = listener;
                Response r = answer;
                if (!open || l == null || sent == r.pieces()) {
                    return;
                }
                l.content(new Piece(sent * r.pieceSize(), r.pieceSize()));
                sent++;
                if (sent == r.failAfter()) {
                    fail(l, r);
                } else if (sent == r.pieces()) {
                    end(l, r);
                }
            });
        }

        /** One read batch: pieces while the engine asks for more, then received(); a standing demand goes on. */
        private void batch() {
            ExchangeListener l = listener;
            Response r = answer;
            if (!open || l == null || sent == r.pieces()) {
                return;
            }
            boolean more;
            int n = 0;
            inBatch = true;
            try {
                do {
                    demandedInBatch = false;
                    l.content(new Piece(sent * r.pieceSize(), r.pieceSize()));
                    sent++;
                    n++;
                    more = demandedInBatch;
                    if (sent == r.failAfter()) {
                        fail(l, r);
                        return;
                    }
                    if (sent == r.pieces()) {
                        end(l, r); // the end gives a waiting read everything: no received()
                        return;
                    }
                } while (more && n < perBatch);
            } finally {
                inBatch = false;
            }
            Semaphore hold = batchEnds;
            if (hold != null) {
                batchesHandedOver.release();
                try {
                    hold.tryAcquire(10, TimeUnit.SECONDS); // bounded: a failed test must not leave it parked
                } catch (InterruptedException e) {
                    return; // the transport is shutting down
                }
            }
            if (listener == l) {
                l.received();
            }
            if (more) {
                io.execute(this::batch); // the demand stands: the next batch
            }
        }

        private void end(ExchangeListener l, Response r) {
            listener = null;
            if (!r.keepAlive()) {
                open = false;
            }
            l.end(r.keepAlive());
        }

        private void fail(ExchangeListener l, Response r) {
            listener = null;
            open = false;
            l.failed(r.error());
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            if (open) {
                closedByEngine.incrementAndGet();
            }
            open = false;
        }
    }

    /** A piece of a body starting at byte {@code offset}: byte i of the body is {@code (byte) i}. */
    private final class Piece implements HttpConnection.Chunk {
        private final byte[] data;
        private int read;
        private boolean gone;

        private final boolean part;

        Piece(int offset, int size) {
            this(numbered(offset, size), false);
        }

        private Piece(byte[] data, boolean part) {
            this.data = data;
            this.part = part;
            (part ? partsMade : made).incrementAndGet();
        }

        private static byte[] numbered(int offset, int size) {
            byte[] bytes = new byte[size];
            for (int i = 0; i < size; i++) {
                bytes[i] = (byte) (offset + i);
            }
            return bytes;
        }

        /** The next {@code length} bytes as a piece of their own, counted and released as any other. */
        @Override
        public HttpConnection.Chunk split(int length) {
            Piece split = new Piece(Arrays.copyOfRange(data, read, read + length), true);
            read += length;
            return split;
        }

        @Override
        public int readable() {
            return gone ? 0 : data.length - read;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            int n = Math.min(length, readable());
            System.arraycopy(data, read, into, offset, n);
            read += n;
            return n;
        }

        @Override
        public void release() {
            if (gone) {
                releasedTwice.incrementAndGet();
                return;
            }
            gone = true;
            (part ? partsReleased : released).incrementAndGet();
        }
    }
}
