package io.teardown.winsock.engine;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory {@link Transport} for the engine's own tests, in the spirit of Netty's {@code EmbeddedChannel}:
 * no socket, no event loop, every connection a {@link ScriptedConnection} the test drives from both ends
 * (what the engine wrote, acknowledged or not; what the peer sends, its FIN, its RST). Connections complete
 * on one transport thread ({@code scripted-io}), as a real transport completes them on its event loop;
 * everything else happens on the thread that calls it.
 *
 * <p>It lives in the engine's test tree, not in the test kit: the test kit depends on this module, and a test
 * dependency back on it would make a cycle in the Maven reactor.
 */
final class ScriptedTransport implements Transport {
    static final String IO_THREAD = "scripted-io";

    /** How the next {@link #connect} ends. */
    enum ConnectOutcome {
        /** Connected (on the transport thread). */
        CONNECT,
        /** Refused, as a closed port refuses: {@link ConnectException}. */
        REFUSE,
        /** Never completes: a host that drops SYNs. */
        STALL
    }

    private final ExecutorService io = Executors.newSingleThreadExecutor(r -> new Thread(r, IO_THREAD));
    private final List<ScriptedConnection> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger ports = new AtomicInteger(40_000);
    private volatile boolean knowsAcknowledgement = true;
    private volatile ConnectOutcome connects = ConnectOutcome.CONNECT;
    private volatile ListenerEvents listening;

    /** Whether connections report acknowledgements (epoll) or only their queue (NIO); true by default. */
    ScriptedTransport knowsAcknowledgement(boolean knows) {
        knowsAcknowledgement = knows;
        return this;
    }

    /** How every later {@link #connect} ends. */
    ScriptedTransport connects(ConnectOutcome outcome) {
        connects = outcome;
        return this;
    }

    /** Every connection made so far, outbound and offered, in order. */
    List<ScriptedConnection> connections() {
        return List.copyOf(connections);
    }

    /** The latest connection. */
    ScriptedConnection last() {
        return connections.get(connections.size() - 1);
    }

    /**
     * A peer connects to the latest listener: the engine's {@link ListenerEvents#accepted} attaches its events,
     * as a transport does on accept. Returns the connection, whose peer side the test then drives.
     */
    ScriptedConnection offer() {
        ListenerEvents l = listening;
        if (l == null) {
            throw new IllegalStateException("nothing listens");
        }
        ScriptedConnection c = newConnection();
        c.attach(l.accepted(c));
        return c;
    }

    /** Stops the transport thread. */
    void shutdown() {
        io.shutdownNow();
    }

    private ScriptedConnection newConnection() {
        ScriptedConnection c = new ScriptedConnection(new InetSocketAddress("127.0.0.1", ports.getAndIncrement()),
                new InetSocketAddress("127.0.0.1", ports.getAndIncrement()), knowsAcknowledgement);
        connections.add(c);
        return c;
    }

    @Override
    public String name() {
        return "scripted";
    }

    @Override
    public boolean knowsAcknowledgement() {
        return knowsAcknowledgement;
    }

    @Override
    public boolean inTransportThread() {
        return Thread.currentThread().getName().equals(IO_THREAD);
    }

    @Override
    public CompletableFuture<Connection> connect(InetSocketAddress remote, InetSocketAddress local, StreamOptions options,
                                                 ConnectionEvents events) {
        CompletableFuture<Connection> done = new CompletableFuture<>();
        switch (connects) {
            case CONNECT -> {
                ScriptedConnection c = newConnection();
                c.attach(events);
                io.execute(() -> done.complete(c));
            }
            case REFUSE -> io.execute(() -> done.completeExceptionally(new ConnectException("refused (scripted)")));
            case STALL -> {
                // never completes
            }
        }
        return done;
    }

    @Override
    public Listener listen(InetSocketAddress local, int backlog, StreamOptions options, ListenerEvents events) {
        listening = events;
        InetSocketAddress at = new InetSocketAddress("127.0.0.1", local.getPort() == 0 ? ports.getAndIncrement()
                : local.getPort());
        return new Listener() {
            @Override
            public InetSocketAddress localAddress() {
                return at;
            }

            @Override
            public void close() {
                // the events stay: a connection the system accepted just before still reaches the engine
            }
        };
    }

    @Override
    public DatagramPort bindDatagram(InetSocketAddress local, DatagramEvents events) throws IOException {
        throw new IOException("the scripted transport carries no datagrams");
    }

    @Override
    public int openChannels() {
        return (int) connections.stream().filter(ScriptedConnection::isOpen).count();
    }
}
