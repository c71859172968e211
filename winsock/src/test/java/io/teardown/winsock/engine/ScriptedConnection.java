package io.teardown.winsock.engine;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One TCP connection of a {@link ScriptedTransport}, driven by the test from both ends. The engine's end is
 * the {@link Connection} it was given: what it writes is recorded, acknowledged at once unless the test
 * {@linkplain #holdAcknowledgement holds} it (a peer that does not read: a lingering close then has data to
 * wait for, WS-06/WS-07), accepted by the "kernel" at once unless the test {@linkplain #stallWrites stalls}
 * it (a full send buffer: writes stay queued in the transport and {@link #writable()} is false once one is,
 * until {@link #drain()}), or failed on cue
 * ({@link #failWrites}). The peer's end is the other methods: {@link #receive} bytes, {@link #fin()},
 * {@link #rst()}, {@link #fail()}, each reported to the engine's {@link ConnectionEvents} on the calling
 * thread, in order. What the engine did to the connection — FIN, graceful close, reset, read pauses — is
 * there to assert on. Thread-safe.
 */
final class ScriptedConnection implements Connection {
    /** How the engine ended the connection. */
    enum Ending {
        /** Still open. */
        OPEN,
        /** {@link #closeGracefully()}: queued data, then FIN (WS-04). */
        GRACEFUL,
        /** {@link #reset()}: RST, queued data dropped (WS-05). */
        RESET
    }

    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final boolean knowsAcknowledgement;
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private final List<Boolean> pauses = new ArrayList<>();
    private final List<Runnable> stalledWrites = new ArrayList<>();
    private volatile ConnectionEvents events;
    private Ending ending = Ending.OPEN;
    private boolean finSent;
    private boolean holdAcknowledgement;
    private boolean stallWrites;
    private Throwable writeFailure;
    private long unacknowledged;
    private long queued;
    private boolean resetAfterEndOfStream;
    private int takesNow;
    private long takenNow;

    ScriptedConnection(InetSocketAddress local, InetSocketAddress remote, boolean knowsAcknowledgement) {
        this.local = local;
        this.remote = remote;
        this.knowsAcknowledgement = knowsAcknowledgement;
    }

    void attach(ConnectionEvents e) {
        events = e;
    }

    // ---------------------------------------------------------------- the script

    /** Written bytes stay unacknowledged until {@link #acknowledge()} (or not, when {@code hold} is false). */
    synchronized ScriptedConnection holdAcknowledgement(boolean hold) {
        holdAcknowledgement = hold;
        if (!hold) {
            unacknowledged = 0;
        }
        return this;
    }

    /** The peer acknowledges every byte written so far. */
    synchronized void acknowledge() {
        unacknowledged = 0;
    }

    /** Writes stay queued in the transport (not writable once one is) until {@link #drain()}. */
    synchronized ScriptedConnection stallWrites() {
        stallWrites = true;
        return this;
    }

    /** The queued writes reach the kernel; their completions run and the engine hears {@code writable}. */
    void drain() {
        List<Runnable> done;
        synchronized (this) {
            stallWrites = false;
            done = new ArrayList<>(stalledWrites);
            stalledWrites.clear();
        }
        done.forEach(Runnable::run);
        events.writable();
    }

    /**
     * The "kernel" takes up to {@code bytes} of each {@link #writeNow} on the calling thread, as NIO does;
     * 0 (the default) is a transport that writes only on its own thread, as epoll.
     */
    synchronized ScriptedConnection takesNow(int bytes) {
        takesNow = bytes;
        return this;
    }

    /** Every later write fails with {@code failure}. */
    synchronized ScriptedConnection failWrites(Throwable failure) {
        writeFailure = failure;
        return this;
    }

    /** A reset arrives after the peer's FIN: the engine learns of it when it asks (WS-05 on epoll). */
    synchronized ScriptedConnection resetArrivesAfterFin() {
        resetAfterEndOfStream = true;
        return this;
    }

    /** The peer sends {@code data}. */
    void receive(byte[] data) {
        receive(ReceivedBytes.of(data));
    }

    /** The peer sends {@code data}, as the transport hands it over. */
    void receive(ReceivedBytes data) {
        events.received(data);
    }

    /** The peer's FIN. */
    void fin() {
        events.endOfStream();
    }

    /** The peer's RST. */
    void rst() {
        events.failed(true);
        closed();
    }

    /** Another I/O error. */
    void fail() {
        events.failed(false);
        closed();
    }

    /** The transport released the connection. */
    void closed() {
        synchronized (this) {
            if (ending == Ending.OPEN) {
                ending = Ending.GRACEFUL;
            }
        }
        events.closed();
    }

    // ---------------------------------------------------------------- what the engine did

    /** Every byte the engine wrote, in order (also those still queued or unacknowledged). */
    synchronized byte[] written() {
        return written.toByteArray();
    }

    /** How many of the {@link #written} bytes the engine wrote on its own thread ({@link #writeNow}). */
    synchronized long takenNow() {
        return takenNow;
    }

    /** How the engine ended the connection. */
    synchronized Ending ending() {
        return ending;
    }

    /** Whether the engine sent FIN ({@code SD_SEND}, or a graceful close). */
    synchronized boolean finSent() {
        return finSent || ending == Ending.GRACEFUL;
    }

    /** The engine's read pauses, in order ({@code true} paused, {@code false} resumed). */
    synchronized List<Boolean> pauses() {
        return List.copyOf(pauses);
    }

    // ---------------------------------------------------------------- Connection

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public void write(byte[] buf, int off, int len, Consumer<Throwable> done) {
        Throwable failure;
        synchronized (this) {
            failure = writeFailure;
            if (failure == null && ending == Ending.OPEN) {
                written.write(buf, off, len);
                if (holdAcknowledgement) {
                    unacknowledged += len;
                }
                if (stallWrites) {
                    queued += len;
                    stalledWrites.add(() -> {
                        synchronized (this) {
                            queued -= len;
                        }
                        done.accept(null);
                    });
                    return;
                }
            }
        }
        done.accept(failure);
    }

    @Override
    public synchronized int writeNow(byte[] buf, int off, int len) {
        if (takesNow > 0 && writeFailure != null) {
            return -1; // this write met the failure
        }
        if (queued > 0 || ending != Ending.OPEN) {
            return 0; // nothing overtakes queued bytes; a closed connection reports through write
        }
        int n = Math.min(len, takesNow);
        written.write(buf, off, n);
        if (holdAcknowledgement) {
            unacknowledged += n;
        }
        takenNow += n;
        return n;
    }

    @Override
    public synchronized boolean writable() {
        return !stallWrites || queued == 0;
    }

    @Override
    public synchronized long queuedBytes() {
        return queued;
    }

    @Override
    public synchronized long unacknowledged() {
        return knowsAcknowledgement ? unacknowledged : 0;
    }

    @Override
    public synchronized void pauseReading(boolean paused) {
        pauses.add(paused);
    }

    @Override
    public synchronized void shutdownOutput() {
        finSent = true;
    }

    @Override
    public synchronized void closeGracefully() {
        if (ending == Ending.OPEN) {
            ending = Ending.GRACEFUL;
        }
    }

    @Override
    public synchronized void reset() {
        if (ending == Ending.OPEN) {
            ending = Ending.RESET;
        }
        queued = 0;
        unacknowledged = 0;
        stalledWrites.clear();
    }

    @Override
    public void awaitClosed(long timeoutNanos) {
        // in memory: the RST is out as soon as reset() returned
    }

    @Override
    public void noDelay(boolean on) {
    }

    @Override
    public void buffers(int sendBuffer, int receiveBuffer) {
    }

    @Override
    public synchronized boolean isOpen() {
        return ending == Ending.OPEN;
    }

    @Override
    public synchronized boolean resetAfterEndOfStream() {
        boolean r = resetAfterEndOfStream;
        resetAfterEndOfStream = false;
        return r;
    }

    @Override
    public synchronized String toString() {
        return "ScriptedConnection[" + local.getPort() + "->" + remote.getPort() + " " + ending
                + (finSent ? " fin" : "") + " written " + written.size() + " unacknowledged " + unacknowledged
                + " queued " + queued + "]";
    }
}
