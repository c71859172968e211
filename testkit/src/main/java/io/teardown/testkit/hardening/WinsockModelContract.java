package io.teardown.testkit.hardening;

import static io.teardown.winsock.Ws2_32.AF_INET;
import static io.teardown.winsock.Ws2_32.FIONBIO;
import static io.teardown.winsock.Ws2_32.FIONREAD;
import static io.teardown.winsock.Ws2_32.INVALID_SOCKET;
import static io.teardown.winsock.Ws2_32.IPPROTO_TCP;
import static io.teardown.winsock.Ws2_32.IPPROTO_UDP;
import static io.teardown.winsock.Ws2_32.MSG_PEEK;
import static io.teardown.winsock.Ws2_32.SD_BOTH;
import static io.teardown.winsock.Ws2_32.SD_RECEIVE;
import static io.teardown.winsock.Ws2_32.SD_SEND;
import static io.teardown.winsock.Ws2_32.SOCKET_ERROR;
import static io.teardown.winsock.Ws2_32.SOCK_STREAM;
import static io.teardown.winsock.Ws2_32.SOL_SOCKET;
import static io.teardown.winsock.Ws2_32.SO_DONTLINGER;
import static io.teardown.winsock.Ws2_32.SO_LINGER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LeakTracking;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.OnEachBackend;
import io.teardown.testkit.TestBackend;

import io.teardown.testkit.winsock.JdkPeer;
import io.teardown.testkit.winsock.Payload;
import io.teardown.winsock.Linger;
import io.teardown.winsock.OptionBytes;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.Ws2_32;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Issue 11, part 2 (Winsock): random sequences of flat {@link Ws2_32} calls — {@code socket}, {@code bind},
 * {@code listen}, {@code connect} (blocking, and non-blocking completed by calling {@code connect} again),
 * {@code accept}, {@code send}, {@code recv} (also {@code MSG_PEEK}), {@code setsockopt}
 * ({@code SO_LINGER} off / {@code {1,0}} / {@code {1,T}} / {@code l_onoff} 5, {@code SO_DONTLINGER} TRUE and
 * FALSE, short and null buffers, unknown levels and names), {@code getsockopt}, {@code ioctlsocket}
 * ({@code FIONBIO} on/off, {@code FIONREAD}, unknown commands, null argument), {@code shutdown}
 * ({@code SD_RECEIVE}/{@code SD_SEND}/{@code SD_BOTH}, bad directions), {@code closesocket} and calls on
 * closed or unknown values — on each backend ({@link OnEachBackend}), in blocking and non-blocking mode, each call's return value
 * <em>and</em> {@code WSAGetLastError} compared with a model of every socket (created, bound, listening,
 * connected, shut down, reset, closed; blocking flag; linger; bytes queued each way). The other end of a
 * connection is either an independent plain JDK socket (which can send, half-close, and at the close reports
 * FIN or RST) or another socket of the same session through {@code listen}/{@code accept}.
 *
 * <p>A {@code recv} or {@code accept} that must block runs on a second thread; the model then checks how it
 * ends: with the data or end-of-stream or reset another step delivers, with the connection a {@code connect}
 * brings, or with {@code WSAEINTR} when a step closes its socket (WS-14), while the close itself succeeds.
 * Rules checked: WS-02/WS-03 (closed and unknown values fail with {@code WSAENOTSOCK} in every function;
 * success of {@code closesocket} leaves the last error untouched, other successes set it to 0; values are
 * reused), WS-04 (default close: the peer reads every byte then FIN, also with unread inbound data), WS-05
 * ({@code {1,0}}: the peer sees RST — a JDK peer "connection reset", a Teardown peer {@code WSAECONNRESET}),
 * WS-06 (a blocking lingering close returns 0 and delivers everything), WS-07 (a non-blocking lingering close
 * with data may fail with {@code WSAEWOULDBLOCK}, leaves the socket working, and a later close succeeds),
 * WS-08 (option values, normalisation, bad sizes, inheritance by accepted sockets, as the listener is
 * when {@code accept} returns), WS-11 (shutdown directions; data after {@code SD_RECEIVE} resets the
 * connection), WS-14 (also two threads closing one socket at once: exactly one succeeds, the other gets
 * {@code WSAENOTSOCK}), and after every sequence the session's handle table is empty and no call is left
 * blocked; after the run no thread or descriptor is left. Where the timing of a FIN or reset still on the
 * wire decides the answer, the model accepts each answer Windows could give (and says so where it does).
 * 10 000 sequences per run ({@code -Dteardown.soak=true}: 100 times that); docs/RELIABILITY.md.
 */
@AddLifecycleHook(OnEachBackend.class)
@EachBackend.Subsystems("winsock")
public class WinsockModelContract {
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final int ENOTSOCK = Win32Error.WSAENOTSOCK.code();
    private static final int EWOULDBLOCK = Win32Error.WSAEWOULDBLOCK.code();
    private static final int ENOTCONN = Win32Error.WSAENOTCONN.code();
    private static final int EINVAL = Win32Error.WSAEINVAL.code();
    private static final int ESHUTDOWN = Win32Error.WSAESHUTDOWN.code();
    private static final int EISCONN = Win32Error.WSAEISCONN.code();
    private static final int EALREADY = Win32Error.WSAEALREADY.code();
    private static final int EFAULT = Win32Error.WSAEFAULT.code();
    private static final int ENOPROTOOPT = Win32Error.WSAENOPROTOOPT.code();
    private static final int EINTR = Win32Error.WSAEINTR.code();
    private static final int ECONNRESET = Win32Error.WSAECONNRESET.code();
    private static final int ECONNREFUSED = Win32Error.WSAECONNREFUSED.code();
    private static final int EAFNOSUPPORT = Win32Error.WSAEAFNOSUPPORT.code();
    private static final int EPROTONOSUPPORT = Win32Error.WSAEPROTONOSUPPORT.code();

    private static final AtomicLong SEQUENCES = new AtomicLong();
    private static final AtomicLong CALLS = new AtomicLong();
    private static final AtomicLong OTHER_THREAD_CALLS = new AtomicLong();
    private static final AtomicLong BLOCKED = new AtomicLong();
    private static final AtomicLong RACES = new AtomicLong();
    private static final AtomicLong INTERRUPTED_BY_CLOSE = new AtomicLong();
    private static final AtomicLong PEER_FIN = new AtomicLong();
    private static final AtomicLong PEER_RST = new AtomicLong();
    private static final AtomicLong WOULD_BLOCK_CLOSES = new AtomicLong();
    private static final AtomicLong CONNECTIONS = new AtomicLong();
    private static final AtomicLong STARTED = new AtomicLong();
    private static final AtomicInteger DESCRIPTORS = new AtomicInteger();

    private static Session session;
    private static Ws2_32 ws;
    private static ServerSocket jdkServer;
    private static ExecutorService workers;

    /** For jqwik and subclasses. */
    public WinsockModelContract() {
    }

    @BeforeProperty
    public void start(TestBackend backend) throws IOException {
        STARTED.set(System.nanoTime());
        DESCRIPTORS.set(ResourceProbe.openFileDescriptors());
        session = Session.builder().backend(backend.name()).name("model-winsock").strict(false)
                .leakTracking(LeakTracking.OFF).build();
        ws = Ws2_32.of(session);
        assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
        jdkServer = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        jdkServer.setSoTimeout((int) WAIT.toMillis());
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "model-winsock-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @AfterProperty
    public void stop() throws Exception {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - STARTED.get());
        int left = session.handles(HandleSpace.KERNEL).size();
        System.out.println("Winsock model: " + SEQUENCES.get() + " sequences, " + CALLS.get() + " calls ("
                + OTHER_THREAD_CALLS.get() + " on a second thread, " + BLOCKED.get() + " blocked, "
                + INTERRUPTED_BY_CLOSE.get() + " ended by closesocket, " + RACES.get() + " racing close pairs), " + CONNECTIONS.get() + " connections, peers saw "
                + PEER_FIN.get() + " FIN and " + PEER_RST.get() + " RST, " + WOULD_BLOCK_CLOSES.get()
                + " closes refused with WSAEWOULDBLOCK; " + millis + " ms; sockets left open " + left);
        assertEquals(0, ws.WSACleanup());
        session.close();
        jdkServer.close();
        workers.shutdownNow();
        assertTrue(workers.awaitTermination(10, TimeUnit.SECONDS), "no worker left blocked");
        assertTrue(ResourceProbe.eventually(Duration.ofSeconds(10), () -> ResourceProbe.threadsNamed("model-winsock").isEmpty()),
                () -> "threads left: " + ResourceProbe.threadsNamed("model-winsock"));
        int fds = DESCRIPTORS.get();
        if (fds >= 0) {
            assertTrue(ResourceProbe.eventually(Duration.ofSeconds(15),
                    () -> ResourceProbe.openFileDescriptors() <= fds + ResourceProbe.DESCRIPTOR_SLACK),
                    () -> "descriptors: before " + fds + ", after " + ResourceProbe.openFileDescriptors());
        }
        System.out.println("Winsock model: descriptors before " + fds + ", after " + ResourceProbe.openFileDescriptors());
    }

    enum Kind { SOCKET, BIND, LISTEN, CONNECT_PEER, CONNECT_LOCAL, ACCEPT, SEND, RECV, PEER_SEND, PEER_FIN, SETSOCKOPT,
        GETSOCKOPT, IOCTL, SHUTDOWN, CLOSE, CLOSE_RACE, STALE, BAD_BUFFER }

    record Op(Kind kind, int pick, int arg) {
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        // weighted so that short sequences still reach connected sockets with data both ways
        Arbitrary<Kind> kinds = Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.just(Kind.SOCKET)), Tuple.of(1, Arbitraries.just(Kind.BIND)),
                Tuple.of(1, Arbitraries.just(Kind.LISTEN)), Tuple.of(6, Arbitraries.just(Kind.CONNECT_PEER)),
                Tuple.of(5, Arbitraries.just(Kind.CONNECT_LOCAL)), Tuple.of(3, Arbitraries.just(Kind.ACCEPT)),
                Tuple.of(4, Arbitraries.just(Kind.SEND)), Tuple.of(4, Arbitraries.just(Kind.RECV)),
                Tuple.of(3, Arbitraries.just(Kind.PEER_SEND)), Tuple.of(2, Arbitraries.just(Kind.PEER_FIN)),
                Tuple.of(3, Arbitraries.just(Kind.SETSOCKOPT)), Tuple.of(1, Arbitraries.just(Kind.GETSOCKOPT)),
                Tuple.of(3, Arbitraries.just(Kind.IOCTL)), Tuple.of(2, Arbitraries.just(Kind.SHUTDOWN)),
                Tuple.of(3, Arbitraries.just(Kind.CLOSE)), Tuple.of(1, Arbitraries.just(Kind.CLOSE_RACE)),
                Tuple.of(1, Arbitraries.just(Kind.STALE)),
                Tuple.of(1, Arbitraries.just(Kind.BAD_BUFFER)));
        return Combinators.combine(kinds, Arbitraries.integers().between(0, 999),
                Arbitraries.integers().between(0, 999)).as(Op::new).list().ofMinSize(1).ofMaxSize(10);
    }

    private enum St { CREATED, BOUND, LISTENING, CONNECTED, CLOSED }

    /** What the other end of a connection has done, as far as this socket will notice it. */
    private enum PeerState {
        /** Alive, may send more. */
        OPEN,
        /** Sent FIN (a JDK peer's shutdownOutput, a Teardown peer's SD_SEND): data, then end-of-stream. */
        FIN,
        /** A Teardown peer closed gracefully: data, then end-of-stream (our later sends may draw a reset). */
        GONE,
        /** A reset is on its way (or arrived): the peer closed with {1,0}, or reset the connection itself. */
        RESET
    }

    /** A call running on a worker thread: its result and last error (read on that thread). */
    private record Result(long rc, int error, byte[] buf) {
    }

    private record Blocked(Kind kind, Future<Result> future, int len) {
    }

    /** The model of one socket. */
    private static final class Sock {
        final long value;
        St st = St.CREATED;
        boolean nonBlocking;
        int onoff;
        int secs;
        boolean sendShut;
        boolean recvShut;
        boolean failed;          // known reset: our SD_RECEIVE with data queued, or a WSAECONNRESET seen
        boolean everSent;
        boolean mayReset;         // the peer is gone and our later data may have drawn a reset
        boolean finBeforeReset;   // the peer's FIN arrived before the reset our data drew: recv may see either first
        PeerState peer = PeerState.OPEN;
        Socket jdk;              // the JDK end
        Sock partner;            // the Teardown end (after accept)
        Sock queuedAt;           // a connected client its listener has not accepted yet
        long sent;               // our outbound stream
        long readOffset;         // our inbound stream, consumed
        long pending;            // inbound bytes arrived and unread
        long jdkSent;            // the JDK peer's outbound stream
        int port;                // listening: the port; connected client: its local port
        final List<Sock> queue = new ArrayList<>();
        int backlog;             // listening: how many connections may wait for accept
        Blocked blocked;

        Sock(long value) {
            this.value = value;
        }

        @Override
        public String toString() {
            return "socket 0x" + Long.toHexString(value) + "[" + st + (nonBlocking ? " nb" : "") + " linger {" + onoff + ","
                    + secs + "}" + (sendShut ? " sendShut" : "") + (recvShut ? " recvShut" : "") + (failed ? " failed" : "")
                    + " peer " + peer + " pending " + pending + (jdk != null ? " jdk" : "") + (partner != null ? " local" : "")
                    + (blocked != null ? " blocked:" + blocked.kind() : "") + "]";
        }
    }

    /** One sequence: the live sockets, the dead values, the last error the main thread should see. */
    private final class Run {
        final List<Sock> live = new ArrayList<>();
        final List<Long> dead = new ArrayList<>();
        final List<Future<Result>> calls = new ArrayList<>();
        final StringBuilder trace = new StringBuilder();
        int lastError;

        String where() {
            return " after " + trace;
        }

        /** Checks a main-thread call: its result and the last error. */
        void check(String what, long rc, long wantRc, int wantError) {
            CALLS.incrementAndGet();
            int e = ws.WSAGetLastError();
            assertEquals(wantRc, rc, () -> what + ": result (error " + e + ")" + where());
            assertEquals(wantError, e, () -> what + ": WSAGetLastError" + where());
            lastError = e;
        }

        /** A call that must fail with {@code error} (SOCKET_ERROR). */
        void fails(String what, long rc, int error) {
            check(what, rc, SOCKET_ERROR, error);
        }

        /** A call that must succeed with 0 and set the last error to 0. */
        void ok(String what, long rc) {
            check(what, rc, 0, 0);
        }

        Sock add(long value) {
            assertNotEquals(INVALID_SOCKET, value);
            assertTrue(live.stream().noneMatch(s -> s.value == value), () -> "a live value is never issued twice" + where());
            dead.remove(value); // reused at once, as Windows may (WS-03)
            Sock s = new Sock(value);
            live.add(s);
            return s;
        }

        Sock pick(int pick, java.util.function.Predicate<Sock> p) {
            List<Sock> c = live.stream().filter(p).toList();
            return c.isEmpty() ? null : c.get(pick % c.size());
        }

        Sock create() {
            long v = ws.socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
            check("socket", v == INVALID_SOCKET ? -1 : 0, 0, 0);
            return add(v);
        }

        // ---------------------------------------------------------------- steps

        void step(Op op) throws Exception {
            trace.append(op.kind()).append(' ');
            switch (op.kind()) {
                case SOCKET -> socket(op.arg());
                case BIND -> target(op, s -> true, this::bind);
                case LISTEN -> target(op, s -> true, this::listen);
                case CONNECT_PEER -> connectPeer(op);
                case CONNECT_LOCAL -> connectLocal(op);
                case ACCEPT -> target(op, s -> true, this::accept);
                case SEND -> target(op, s -> true, this::send);
                case RECV -> target(op, s -> true, this::recv);
                case PEER_SEND -> peerSend(op);
                case PEER_FIN -> peerFin(op);
                case SETSOCKOPT -> target(op, s -> true, this::setsockopt);
                case GETSOCKOPT -> target(op, s -> true, this::getsockopt);
                case IOCTL -> target(op, s -> true, this::ioctl);
                case SHUTDOWN -> target(op, s -> true, this::shutdown);
                case CLOSE -> {
                    Sock s = pick(op.pick(), t -> t.queuedAt == null);
                    if (s != null) {
                        close(s, false);
                    }
                }
                case STALE -> stale(op);
                case CLOSE_RACE -> {
                    Sock s = pick(op.pick(), t -> t.queuedAt == null && t.blocked == null && !mayWouldBlock(t));
                    if (s != null) {
                        closeRace(s);
                    }
                }
                case BAD_BUFFER -> {
                    Sock s = pick(op.pick(), t -> t.blocked == null && t.st == St.CONNECTED);
                    if (s != null) {
                        badBuffer(s, op.arg());
                    }
                }
                default -> throw new AssertionError(op);
            }
        }

        interface SockStep {
            void run(Sock s, int arg) throws Exception;
        }

        /** Runs {@code step} on a live socket no other thread is blocked on; with none, the function meets a dead value. */
        void target(Op op, java.util.function.Predicate<Sock> p, SockStep step) throws Exception {
            Sock s = pick(op.pick(), t -> t.blocked == null && p.test(t));
            if (s == null) {
                stale(op);
            } else {
                trace.append(s.st).append(s.nonBlocking ? "/nb " : " ");
                step.run(s, op.arg());
            }
        }

        void socket(int arg) {
            switch (arg % 10) {
                case 0 -> check("socket(TCP with IPPROTO_UDP)", ws.socket(AF_INET, SOCK_STREAM, IPPROTO_UDP), INVALID_SOCKET,
                        EPROTONOSUPPORT);
                case 1 -> check("socket(af 99)", ws.socket(99, SOCK_STREAM, 0), INVALID_SOCKET, EAFNOSUPPORT);
                default -> {
                    long v = ws.socket(AF_INET, SOCK_STREAM, arg % 2 == 0 ? 0 : IPPROTO_TCP);
                    check("socket", v == INVALID_SOCKET ? -1 : 0, 0, 0);
                    add(v);
                }
            }
        }

        void bind(Sock s, int arg) {
            if (arg % 4 == 0) {
                fails("bind(short namelen)", ws.bind(s.value, SockAddr.inet("127.0.0.1", 0), 4), EFAULT);
                return;
            }
            int rc = ws.bind(s.value, SockAddr.inet("127.0.0.1", 0));
            if (s.st == St.CREATED) {
                ok("bind", rc);
                s.st = St.BOUND;
            } else {
                fails("bind on a bound/listening/connected socket", rc, EINVAL);
            }
        }

        void listen(Sock s, int arg) {
            int backlog = 1 + arg % 64;
            int rc = ws.listen(s.value, backlog);
            switch (s.st) {
                case CREATED -> fails("listen before bind", rc, EINVAL);
                case CONNECTED -> fails("listen on a connected socket", rc, EISCONN);
                case LISTENING -> ok("listen again", rc);
                case BOUND -> {
                    ok("listen", rc);
                    s.st = St.LISTENING;
                    s.backlog = backlog;
                    SockAddr at = new SockAddr();
                    ok("getsockname(listener)", ws.getsockname(s.value, at, new IntRef(SockAddr.SIZE_IN)));
                    assertNotEquals(0, at.port, "a listener has its port");
                    s.port = at.port;
                }
                default -> throw new AssertionError(s);
            }
        }

        /** Connects {@code s} to {@code port}; true once connected (a non-blocking connect is completed here). */
        boolean connect(Sock s, int port, int arg) {
            return connect(s, port, arg, false);
        }

        /**
         * Connects {@code s} to {@code port}; true once connected. {@code mayBeRefused}: the listener's
         * backlog is full, so a blocking connect may fail with WSAECONNREFUSED (when the listener's reset
         * beats the handshake's completion) — or connect, and then be reset.
         */
        boolean connect(Sock s, int port, int arg, boolean mayBeRefused) {
            if (arg % 7 == 0) {
                fails("connect(short namelen)", ws.connect(s.value, SockAddr.inet("127.0.0.1", port), 8), EFAULT);
                return false;
            }
            if (arg % 7 == 1) {
                fails("connect(IPv6 address, IPv4 socket)", ws.connect(s.value, SockAddr.inet6("::1", port)), EAFNOSUPPORT);
                return false;
            }
            int rc = ws.connect(s.value, SockAddr.inet("127.0.0.1", port));
            switch (s.st) {
                case LISTENING -> {
                    fails("connect on a listening socket", rc, EINVAL);
                    return false;
                }
                case CONNECTED -> {
                    fails("connect on a connected socket", rc, EISCONN);
                    return false;
                }
                default -> {
                }
            }
            if (!s.nonBlocking) {
                if (mayBeRefused && rc == SOCKET_ERROR) {
                    int e = ws.WSAGetLastError();
                    CALLS.incrementAndGet();
                    lastError = e;
                    assertEquals(ECONNREFUSED, e, () -> "a connect the full backlog refuses" + where());
                    return false;
                }
                ok("connect", rc);
            } else {
                fails("non-blocking connect", rc, EWOULDBLOCK);
                long deadline = System.nanoTime() + WAIT.toNanos();
                for (;;) {
                    int again = ws.connect(s.value, SockAddr.inet("127.0.0.1", port));
                    CALLS.incrementAndGet();
                    int e = ws.WSAGetLastError();
                    lastError = e;
                    assertEquals(SOCKET_ERROR, again);
                    if (e == EISCONN) {
                        break;
                    }
                    assertEquals(EALREADY, e, () -> "connect again while connecting" + where());
                    assertTrue(System.nanoTime() < deadline, "a loopback connect completes");
                    LockSupport.parkNanos(50_000);
                }
            }
            s.st = St.CONNECTED;
            CONNECTIONS.incrementAndGet();
            return true;
        }

        void connectPeer(Op op) throws IOException {
            Sock s = pick(op.pick(), t -> t.blocked == null);
            if (s == null) {
                s = create();
            }
            trace.append(s.st).append(s.nonBlocking ? "/nb " : " ");
            if (connect(s, jdkServer.getLocalPort(), op.arg())) {
                s.jdk = jdkServer.accept();
            }
        }

        void connectLocal(Op op) throws Exception {
            Sock l = pick(op.pick(), t -> t.st == St.LISTENING);
            if (l == null) {
                l = create();
                ok("bind", ws.bind(l.value, SockAddr.inet("127.0.0.1", 0)));
                l.st = St.BOUND;
                listen(l, op.arg());
            }
            Sock listener = l;
            Sock s = pick(op.arg(), t -> t.blocked == null && t != listener);
            if (s == null) {
                s = create();
            }
            trace.append(s.st).append(s.nonBlocking ? "/nb " : " ");
            boolean full = l.queue.size() >= l.backlog && l.blocked == null;
            if (full && s.nonBlocking) {
                return; // a refused non-blocking connect reports through FD_CONNECT/SO_ERROR, not modelled here
            }
            if (!connect(s, l.port, op.arg(), full)) {
                return;
            }
            SockAddr me = new SockAddr();
            ok("getsockname(client)", ws.getsockname(s.value, me, new IntRef(SockAddr.SIZE_IN)));
            s.port = me.port;
            if (full) {
                // the backlog is full: Windows refuses the connection; here the kernel completed the
                // handshake first, so the refusal arrives as a reset (docs/winsock.md)
                s.peer = PeerState.RESET;
                resetArrives(s);
                return;
            }
            s.queuedAt = l;
            l.queue.add(s);
            if (l.blocked != null) {
                Result r = resolve(l);
                assertNotEquals(INVALID_SOCKET, r.rc(), () -> "the blocked accept returns the connection: " + r.error() + where());
                assertEquals(0, r.error());
                accepted(l, r.rc(), null);
            }
        }

        void accept(Sock s, int arg) throws Exception {
            if (s.st != St.LISTENING) {
                check("accept on a socket not listening", ws.accept(s.value, null, null), INVALID_SOCKET, EINVAL);
                return;
            }
            if (arg % 5 == 0) {
                check("accept(short addrlen)", ws.accept(s.value, new SockAddr(), new IntRef(4)), INVALID_SOCKET, EFAULT);
                return;
            }
            if (s.queue.isEmpty()) {
                if (s.nonBlocking) {
                    check("non-blocking accept with nothing queued", ws.accept(s.value, null, null), INVALID_SOCKET, EWOULDBLOCK);
                } else {
                    block(s, Kind.ACCEPT, 0);
                }
                return;
            }
            SockAddr from = new SockAddr();
            IntRef len = new IntRef(SockAddr.SIZE_IN);
            long v;
            if (s.nonBlocking) {
                // the connection is established; the listener may still be taking it from the kernel
                long deadline = System.nanoTime() + WAIT.toNanos();
                for (;;) {
                    v = ws.accept(s.value, from, len);
                    CALLS.incrementAndGet();
                    int e = ws.WSAGetLastError();
                    lastError = e;
                    if (v != INVALID_SOCKET) {
                        assertEquals(0, e, "accept succeeded");
                        break;
                    }
                    assertEquals(EWOULDBLOCK, e, () -> "non-blocking accept with a connection coming" + where());
                    assertTrue(System.nanoTime() < deadline, "a queued connection is accepted");
                    LockSupport.parkNanos(50_000);
                }
            } else {
                Result r = onWorker(() -> ws.accept(s.value, from, len));
                assertNotEquals(INVALID_SOCKET, r.rc(), () -> "blocking accept with a connection queued: " + r.error() + where());
                assertEquals(0, r.error());
                v = r.rc();
            }
            assertEquals(SockAddr.SIZE_IN, len.value, "addrlen");
            accepted(s, v, from);
        }

        /** A connection the listener {@code l} handed out as {@code value}: the child inherits linger and blocking mode (WS-08). */
        void accepted(Sock l, long value, SockAddr from) throws Exception {
            Sock client = l.queue.get(0);
            if (from != null) {
                client = l.queue.stream().filter(c -> c.port == from.port).findFirst()
                        .orElseThrow(() -> new AssertionError("accept returned an unknown peer " + from.port + where()));
            }
            l.queue.remove(client);
            client.queuedAt = null;
            Sock child = add(value);
            child.st = St.CONNECTED;
            child.nonBlocking = l.nonBlocking;
            child.onoff = l.onoff;
            child.secs = l.secs;
            child.partner = client;
            client.partner = child;
            child.peer = client.sendShut ? PeerState.FIN : PeerState.OPEN;
            child.pending = client.sent;
            if (child.pending > 0) {
                settle(child);
            }
        }

        void send(Sock s, int arg) {
            int n = 1 + arg % 200;
            byte[] data = Payload.bytes(s.sent, n);
            int rc = ws.send(s.value, data, n, 0);
            if (s.st != St.CONNECTED) {
                fails("send unconnected", rc, ENOTCONN);
                return;
            }
            if (s.sendShut) {
                fails("send after SD_SEND", rc, ESHUTDOWN);
                return;
            }
            if (s.failed) {
                fails("send on a reset connection", rc, ECONNRESET);
                return;
            }
            if (s.peer == PeerState.RESET || s.peer == PeerState.GONE) {
                CALLS.incrementAndGet();
                int e = ws.WSAGetLastError();
                lastError = e;
                if (rc == SOCKET_ERROR) {
                    assertEquals(ECONNRESET, e, () -> "send to a peer that is gone" + where());
                    s.failed = true;
                    return;
                }
                assertEquals(n, rc);
                assertEquals(0, e);
                s.sent += n;
                s.everSent = true;
                s.mayReset |= s.peer == PeerState.GONE;
                return;
            }
            check("send", rc, n, 0);
            s.sent += n;
            s.everSent = true;
            Sock p = s.partner;
            if (p != null && p.st != St.CLOSED) {
                if (p.recvShut) {
                    // WS-11: data arriving after SD_RECEIVE resets the connection. If the peer's FIN is here
                    // already (SD_BOTH), a recv made before the RST comes back still returns 0, on Windows too.
                    s.finBeforeReset |= s.peer == PeerState.FIN;
                    p.peer = PeerState.RESET;
                    s.peer = PeerState.RESET;
                } else {
                    p.pending += n;
                    arrived(p, n);
                }
            }
        }

        /** {@code n} bytes are on their way to {@code s}: a recv blocked on it returns some, else wait until FIONREAD shows them. */
        void arrived(Sock s, int n) {
            if (s.blocked != null && s.blocked.kind() == Kind.RECV) {
                Result r = resolve(s);
                assertTrue(r.rc() >= 1 && r.rc() <= Math.min(n, r.buf().length),
                        () -> "the blocked recv returns the data: " + r.rc() + "/" + r.error() + where());
                assertEquals(0, r.error());
                assertTrue(Payload.matches(r.buf(), (int) r.rc(), s.readOffset), "the bytes in order");
                s.readOffset += r.rc();
                s.pending -= r.rc();
            }
            if (s.pending > 0) {
                settle(s);
            }
        }

        /** Polls FIONREAD until the bytes the model expects have all arrived. */
        void settle(Sock s) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            IntRef n = new IntRef();
            for (;;) {
                ok("ioctlsocket(FIONREAD)", ws.ioctlsocket(s.value, FIONREAD, n));
                assertTrue(n.value <= s.pending, () -> "FIONREAD " + n.value + " > " + s.pending + where());
                if (n.value == s.pending) {
                    return;
                }
                assertTrue(System.nanoTime() < deadline, () -> "data arrives: FIONREAD " + n.value + " of " + s.pending + where());
                LockSupport.parkNanos(50_000);
            }
        }

        void recv(Sock s, int arg) throws Exception {
            int len = 1 + arg % 160;
            boolean peek = arg % 7 == 0;
            int flags = peek ? MSG_PEEK : 0;
            if (s.st != St.CONNECTED || s.recvShut || s.pending > 0 || s.nonBlocking) {
                byte[] buf = new byte[len];
                int rc = ws.recv(s.value, buf, len, flags);
                if (s.st != St.CONNECTED) {
                    fails("recv unconnected or listening", rc, ENOTCONN);
                } else if (s.recvShut) {
                    fails("recv after SD_RECEIVE", rc, ESHUTDOWN);
                } else if (s.pending > 0) {
                    int want = (int) Math.min(len, s.pending);
                    check("recv with data queued", rc, want, 0);
                    assertTrue(Payload.matches(buf, want, s.readOffset), "the bytes in order");
                    if (!peek) {
                        s.readOffset += want;
                        s.pending -= want;
                    }
                } else {
                    endOfData(s, rc, ws.WSAGetLastError(), true);
                }
                return;
            }
            // blocking, nothing queued: it returns when the end arrives, or blocks until a later step ends it
            if (s.peer == PeerState.OPEN && !s.failed) {
                block(s, Kind.RECV, len);
                return;
            }
            byte[] buf = new byte[len];
            Result r = onWorker(() -> ws.recv(s.value, buf, len, flags));
            endOfData(s, r.rc(), r.error(), false);
        }

        /** A recv with nothing queued: WSAEWOULDBLOCK (non-blocking), 0 after FIN, WSAECONNRESET after RST. */
        void endOfData(Sock s, long rc, int e, boolean mainThread) {
            if (mainThread) {
                CALLS.incrementAndGet();
                lastError = e;
            }
            Set<Long> allowed;
            if (s.failed) {
                allowed = Set.of((long) ECONNRESET);
            } else {
                allowed = switch (s.peer) {
                    case OPEN -> Set.of((long) EWOULDBLOCK);
                    case FIN -> s.nonBlocking ? Set.of(0L, (long) EWOULDBLOCK) : Set.of(0L);
                    case GONE -> s.mayReset
                            ? (s.nonBlocking ? Set.of(0L, (long) EWOULDBLOCK, (long) ECONNRESET) : Set.of(0L, (long) ECONNRESET))
                            : (s.nonBlocking ? Set.of(0L, (long) EWOULDBLOCK) : Set.of(0L));
                    case RESET -> s.finBeforeReset
                            ? (s.nonBlocking ? Set.of(0L, (long) ECONNRESET, (long) EWOULDBLOCK) : Set.of(0L, (long) ECONNRESET))
                            : (s.nonBlocking ? Set.of((long) ECONNRESET, (long) EWOULDBLOCK) : Set.of((long) ECONNRESET));
                };
            }
            long got = rc == SOCKET_ERROR ? e : rc;
            assertTrue(allowed.contains(got), () -> "recv with nothing queued on " + s + ": " + rc + "/" + e + ", expected one of "
                    + allowed + where());
            if (rc == 0) {
                assertEquals(0, e, "end-of-stream is a success");
            }
            if (got == ECONNRESET) {
                s.failed = true;
            }
        }

        void peerSend(Op op) throws Exception {
            Sock s = pick(op.pick(), t -> t.jdk != null && t.peer == PeerState.OPEN && !t.failed && !(t.recvShut && t.sendShut));
            if (s == null) {
                return;
            }
            int n = 1 + op.arg() % 200;
            s.jdk.getOutputStream().write(Payload.bytes(s.jdkSent, n));
            s.jdkSent += n;
            if (s.recvShut) {
                // WS-11: data after SD_RECEIVE resets the connection; wait for it (a zero-byte send reports it)
                long deadline = System.nanoTime() + WAIT.toNanos();
                for (;;) {
                    int rc = ws.send(s.value, new byte[0], 0, 0);
                    CALLS.incrementAndGet();
                    lastError = ws.WSAGetLastError();
                    if (rc == SOCKET_ERROR) {
                        assertEquals(ECONNRESET, lastError, () -> "data after SD_RECEIVE resets" + where());
                        break;
                    }
                    assertEquals(0, rc);
                    assertTrue(System.nanoTime() < deadline, () -> "data after SD_RECEIVE resets the connection" + where());
                    LockSupport.parkNanos(100_000);
                }
                s.failed = true;
                return;
            }
            s.pending += n;
            arrived(s, n);
        }

        void peerFin(Op op) throws Exception {
            Sock s = pick(op.pick(), t -> t.jdk != null && t.peer == PeerState.OPEN && !t.failed);
            if (s == null) {
                return;
            }
            s.jdk.shutdownOutput();
            s.peer = PeerState.FIN;
            finArrives(s);
        }

        /** The peer of {@code s} finished sending: a recv blocked on it with nothing queued returns 0. */
        void finArrives(Sock s) {
            if (s.blocked != null && s.blocked.kind() == Kind.RECV && s.pending == 0) {
                Result r = resolve(s);
                assertEquals(0, r.rc(), () -> "a blocked recv ends with end-of-stream: " + r.error() + where());
                assertEquals(0, r.error());
            }
        }

        void resetArrives(Sock s) {
            if (s.blocked != null && s.blocked.kind() == Kind.RECV && s.pending == 0) {
                Result r = resolve(s);
                assertEquals(SOCKET_ERROR, r.rc(), () -> "a blocked recv ends with the reset" + where());
                assertEquals(ECONNRESET, r.error(), () -> "WS-05: the peer's recv fails with WSAECONNRESET" + where());
                s.failed = true;
            }
        }

        void setsockopt(Sock s, int arg) {
            switch (arg % 11) {
                case 0 -> lingerSet(s, new Linger(0, arg % 3), 0, arg % 3);
                case 1 -> lingerSet(s, new Linger(1, 0), 1, 0);
                case 2 -> lingerSet(s, new Linger(1, 1), 1, 1);
                case 3 -> lingerSet(s, new Linger(5, 2), 5, 2); // any non-zero l_onoff lingers
                case 4 -> {
                    ok("setsockopt(SO_DONTLINGER, TRUE)", ws.setsockopt(s.value, SOL_SOCKET, SO_DONTLINGER, 1));
                    s.onoff = 0;
                }
                case 5 -> {
                    // WS-08: FALSE lingers again with the timeout set earlier
                    ok("setsockopt(SO_DONTLINGER, FALSE)", ws.setsockopt(s.value, SOL_SOCKET, SO_DONTLINGER, 0));
                    s.onoff = 1;
                }
                case 6 -> fails("setsockopt(SO_LINGER, 2 bytes)",
                        ws.setsockopt(s.value, SOL_SOCKET, SO_LINGER, OptionBytes.linger(new Linger(1, 0)), 2), EFAULT);
                case 7 -> fails("setsockopt(SO_LINGER, null)", ws.setsockopt(s.value, SOL_SOCKET, SO_LINGER, null, 4), EFAULT);
                case 8 -> fails("setsockopt(SO_DONTLINGER, 1 byte)",
                        ws.setsockopt(s.value, SOL_SOCKET, SO_DONTLINGER, OptionBytes.int32(1), 1), EFAULT);
                case 9 -> fails("setsockopt(unknown level)", ws.setsockopt(s.value, 0x7A7A, SO_LINGER, 0), EINVAL);
                default -> fails("setsockopt(unknown option)", ws.setsockopt(s.value, SOL_SOCKET, 0x7A7A, 0), ENOPROTOOPT);
            }
        }

        void lingerSet(Sock s, Linger l, int onoff, int secs) {
            ok("setsockopt(SO_LINGER " + l + ")", ws.setsockopt(s.value, SOL_SOCKET, SO_LINGER, l));
            s.onoff = onoff;
            s.secs = secs;
        }

        void getsockopt(Sock s, int arg) {
            byte[] b = new byte[4];
            switch (arg % 4) {
                case 0, 1 -> {
                    IntRef len = new IntRef(4);
                    ok("getsockopt(SO_LINGER)", ws.getsockopt(s.value, SOL_SOCKET, SO_LINGER, b, len));
                    assertEquals(4, len.value);
                    assertEquals(new Linger(s.onoff != 0 ? 1 : 0, s.secs), OptionBytes.linger(b),
                            () -> "WS-08: the linger pair, l_onoff normalised, inherited by accepted sockets" + where());
                }
                case 2 -> {
                    ok("getsockopt(SO_DONTLINGER)", ws.getsockopt(s.value, SOL_SOCKET, SO_DONTLINGER, b, new IntRef(4)));
                    assertEquals(s.onoff == 0 ? 1 : 0, OptionBytes.int32(b), "SO_DONTLINGER reads as !l_onoff");
                }
                default -> fails("getsockopt(SO_LINGER, optlen 3)", ws.getsockopt(s.value, SOL_SOCKET, SO_LINGER, b, new IntRef(3)),
                        EFAULT);
            }
        }

        void ioctl(Sock s, int arg) {
            switch (arg % 5) {
                case 0, 1 -> {
                    boolean on = arg % 5 == 0;
                    ok("ioctlsocket(FIONBIO " + on + ")", ws.ioctlsocket(s.value, FIONBIO, new IntRef(on ? 1 : 0)));
                    s.nonBlocking = on;
                }
                case 2 -> {
                    IntRef n = new IntRef(-1);
                    ok("ioctlsocket(FIONREAD)", ws.ioctlsocket(s.value, FIONREAD, n));
                    assertEquals(s.recvShut ? 0 : s.pending, n.value, () -> "FIONREAD" + where());
                }
                case 3 -> fails("ioctlsocket(unknown command)", ws.ioctlsocket(s.value, 0x12345678, new IntRef()), EINVAL);
                default -> fails("ioctlsocket(FIONBIO, null)", ws.ioctlsocket(s.value, FIONBIO, null), EFAULT);
            }
        }

        void shutdown(Sock s, int arg) throws Exception {
            int how = arg % 4;
            if (how == 3) {
                if (s.st == St.CONNECTED) {
                    fails("shutdown(bad direction)", ws.shutdown(s.value, arg % 2 == 0 ? 3 : -1), EINVAL);
                    return;
                }
                how = SD_BOTH;
            }
            int rc = ws.shutdown(s.value, how);
            if (s.st != St.CONNECTED) {
                fails("shutdown unconnected", rc, ENOTCONN);
                return;
            }
            ok("shutdown(" + how + ")", rc);
            if (how != SD_SEND) {
                s.recvShut = true;
                if (s.pending > 0) {
                    // the shutdown reference page: data queued for receiving when SD_RECEIVE is applied resets
                    s.pending = 0;
                    Sock p = s.partner;
                    if (!s.failed && p != null && p.st != St.CLOSED) {
                        // After our earlier SD_SEND the peer has our FIN: a recv it makes before this RST
                        // arrives still returns 0, on Windows too (the model does not wait for the RST).
                        p.finBeforeReset |= p.peer == PeerState.FIN;
                        p.peer = PeerState.RESET;
                        resetArrives(p);
                    }
                    s.failed = true;
                }
            }
            if (how != SD_RECEIVE && !s.sendShut) {
                s.sendShut = true;
                Sock p = s.partner;
                if (!s.failed && p != null && p.st != St.CLOSED && p.peer == PeerState.OPEN) {
                    p.peer = PeerState.FIN; // WS-11: the peer reads everything, then end-of-stream
                    finArrives(p);
                }
            }
        }

        /** closesocket, following the decision table (WS-04 … WS-07) and checking what the other end sees. */
        void close(Sock s, boolean untilClosed) throws Exception {
            boolean connected = s.st == St.CONNECTED && !s.failed;
            boolean mayWouldBlock = mayWouldBlock(s);
            long deadline = System.nanoTime() + WAIT.toNanos();
            for (;;) {
                int before = lastError;
                int rc = ws.closesocket(s.value);
                CALLS.incrementAndGet();
                int e = ws.WSAGetLastError();
                lastError = e;
                if (rc == 0) {
                    assertEquals(before, e, () -> "WS-03: a successful closesocket leaves the last error untouched" + where());
                    break;
                }
                assertTrue(mayWouldBlock, () -> "closesocket failed with " + e + " on " + s + where());
                assertEquals(SOCKET_ERROR, rc);
                assertEquals(EWOULDBLOCK, e, () -> "WS-07" + where());
                WOULD_BLOCK_CLOSES.incrementAndGet();
                // WS-07: nothing changed; the socket still works
                IntRef n = new IntRef(-1);
                ok("ioctlsocket(FIONREAD) after WSAEWOULDBLOCK", ws.ioctlsocket(s.value, FIONREAD, n));
                if (!untilClosed) {
                    return;
                }
                assertTrue(System.nanoTime() < deadline, () -> "a lingering non-blocking close completes once acknowledged" + where());
                LockSupport.parkNanos(200_000);
            }
            afterClose(s, connected);
        }

        /** The model's side of a successful closesocket: the socket is gone, its peer sees FIN or RST. */
        void afterClose(Sock s, boolean connected) throws IOException {
            s.st = St.CLOSED;
            live.remove(s);
            dead.add(s.value);
            if (s.blocked != null) {
                Result r = resolve(s);
                assertEquals(-1L, r.rc(), () -> "WS-14: the call blocked on the closed socket fails" + where());
                assertEquals(EINTR, r.error(), () -> "WS-14: ... with WSAEINTR" + where());
                INTERRUPTED_BY_CLOSE.incrementAndGet();
            }
            boolean abortive = connected && s.onoff != 0 && s.secs == 0;
            if (s.jdk != null) {
                observe(s, abortive);
            }
            Sock p = s.partner;
            if (p != null && p.st != St.CLOSED) {
                if ((abortive || s.failed) && s.sendShut) {
                    // FIN went out with SD_SEND; the RST may come after the peer read end-of-stream
                    p.peer = PeerState.GONE;
                    p.mayReset = true;
                    finArrives(p);
                } else if (abortive || s.failed) {
                    p.peer = PeerState.RESET;
                    resetArrives(p);
                } else if (p.peer != PeerState.RESET) {
                    p.peer = PeerState.GONE;
                    finArrives(p);
                }
            }
            for (Sock c : s.queue) {
                // connections the listener never accepted are reset
                c.queuedAt = null;
                c.peer = PeerState.RESET;
                resetArrives(c);
            }
            s.queue.clear();
        }

        /**
         * WS-07: a non-blocking lingering close of a connection that carried data may refuse with WSAEWOULDBLOCK
         * until the peer acknowledged it. The engine counts segments in flight, so a FIN from SD_SEND that is not
         * acknowledged yet counts too (for well under a millisecond on loopback).
         */
        boolean mayWouldBlock(Sock s) {
            return s.st == St.CONNECTED && !s.failed && s.nonBlocking && s.onoff != 0 && s.secs > 0
                    && (s.everSent || s.sendShut);
        }

        /**
         * WS-14: two threads close the same socket at once: exactly one closesocket succeeds, the other fails
         * with WSAENOTSOCK, and the connection is closed once (the peer sees one FIN or RST).
         */
        void closeRace(Sock s) throws Exception {
            boolean connected = s.st == St.CONNECTED && !s.failed;
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
            List<Future<Result>> both = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                Future<Result> f = workers.submit(() -> {
                    together.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                    long rc = ws.closesocket(s.value);
                    return new Result(rc, ws.WSAGetLastError(), null);
                });
                calls.add(f);
                both.add(f);
            }
            CALLS.addAndGet(2);
            OTHER_THREAD_CALLS.addAndGet(2);
            RACES.incrementAndGet();
            Result a = both.get(0).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            Result b = both.get(1).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            Result won = a.rc() == 0 ? a : b;
            Result lost = a.rc() == 0 ? b : a;
            assertEquals(0, won.rc(), () -> "one of two racing closes succeeds: " + a + " " + b + where());
            assertEquals(SOCKET_ERROR, lost.rc(), () -> "only one of two racing closes succeeds: " + a + " " + b + where());
            assertEquals(ENOTSOCK, lost.error(), () -> "the other finds no socket (WS-02)" + where());
            afterClose(s, connected);
        }

        /** What the JDK peer saw: every byte then FIN (WS-04, WS-06), or RST (WS-05, WS-11). */
        void observe(Sock s, boolean abortive) throws IOException {
            try (Socket peer = s.jdk) {
                JdkPeer.Observation o = JdkPeer.observe(peer, WAIT);
                boolean reset = abortive || s.failed;
                if (o.ending() == JdkPeer.Ending.RESET) {
                    PEER_RST.incrementAndGet();
                } else if (o.ending() == JdkPeer.Ending.EOF) {
                    PEER_FIN.incrementAndGet();
                }
                if (reset && s.sendShut) {
                    // FIN went out with SD_SEND already; the RST may or may not overtake it at the peer
                    assertTrue(o.ending() == JdkPeer.Ending.EOF || o.ending() == JdkPeer.Ending.RESET, () -> o + where());
                } else if (reset) {
                    assertEquals(JdkPeer.Ending.RESET, o.ending(), () -> "WS-05: the peer sees RST: " + o + " " + s + where());
                } else {
                    assertEquals(JdkPeer.Ending.EOF, o.ending(), () -> "WS-04/WS-06: data then FIN: " + o + " " + s + where());
                    assertEquals(s.sent, o.bytes(), () -> "every byte delivered: " + o + where());
                    assertTrue(o.intact(), "in order");
                }
            }
            s.jdk = null;
        }

        /** A closed or never-issued value: every function fails with WSAENOTSOCK (WS-02, WS-03). */
        void stale(Op op) {
            List<Long> values = new ArrayList<>(List.of(0L, INVALID_SOCKET, 0x7FFF_FFF0L));
            for (Long d : dead) {
                if (live.stream().noneMatch(s -> (s.value & ~3L) == (d & ~3L))) {
                    values.add(d);
                }
            }
            long v = values.get(op.pick() % values.size());
            String what = " on a closed or unknown value";
            switch (op.arg() % 9) {
                case 0 -> fails("closesocket" + what, ws.closesocket(v), ENOTSOCK);
                case 1 -> fails("send" + what, ws.send(v, new byte[4], 4, 0), ENOTSOCK);
                case 2 -> fails("recv" + what, ws.recv(v, new byte[4], 4, 0), ENOTSOCK);
                case 3 -> fails("ioctlsocket" + what, ws.ioctlsocket(v, FIONBIO, new IntRef(1)), ENOTSOCK);
                case 4 -> fails("setsockopt" + what, ws.setsockopt(v, SOL_SOCKET, SO_LINGER, new Linger(1, 0)), ENOTSOCK);
                case 5 -> fails("shutdown" + what, ws.shutdown(v, SD_BOTH), ENOTSOCK);
                case 6 -> fails("listen" + what, ws.listen(v, 5), ENOTSOCK);
                case 7 -> check("accept" + what, ws.accept(v, null, null), INVALID_SOCKET, ENOTSOCK);
                default -> fails("bind" + what, ws.bind(v, SockAddr.inet("127.0.0.1", 0)), ENOTSOCK);
            }
        }

        void badBuffer(Sock s, int arg) {
            switch (arg % 4) {
                case 0 -> fails("send(null)", ws.send(s.value, null, 10, 0), EFAULT);
                case 1 -> fails("send(len > buffer)", ws.send(s.value, new byte[4], 10, 0), EFAULT);
                case 2 -> fails("recv(null)", ws.recv(s.value, null, 10, 0), EFAULT);
                default -> fails("recv(negative len)", ws.recv(s.value, new byte[4], -1, 0), EFAULT);
            }
        }

        // ---------------------------------------------------------------- other threads

        Result onWorker(java.util.function.LongSupplier call) throws Exception {
            Future<Result> f = workers.submit(() -> {
                long rc = call.getAsLong();
                return new Result(rc, ws.WSAGetLastError(), null);
            });
            calls.add(f);
            CALLS.incrementAndGet();
            OTHER_THREAD_CALLS.incrementAndGet();
            try {
                return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("a call that should return blocked" + where(), e);
            }
        }

        /** Starts a blocking recv/accept on a worker and waits until it is parked inside the engine. */
        void block(Sock s, Kind kind, int len) {
            AtomicReference<Thread> runner = new AtomicReference<>();
            byte[] buf = new byte[len];
            Future<Result> f = workers.submit(() -> {
                runner.set(Thread.currentThread());
                long rc = kind == Kind.RECV ? ws.recv(s.value, buf, len, 0) : ws.accept(s.value, null, null);
                return new Result(rc, ws.WSAGetLastError(), buf);
            });
            calls.add(f);
            CALLS.incrementAndGet();
            OTHER_THREAD_CALLS.incrementAndGet();
            BLOCKED.incrementAndGet();
            s.blocked = new Blocked(kind, f, len);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!parked(runner.get())) {
                if (f.isDone()) {
                    Result r = resolve(s);
                    fail(kind + " should block on " + s + " but returned " + r.rc() + "/" + r.error() + where());
                }
                assertTrue(System.nanoTime() < deadline, "the call reaches its wait");
                LockSupport.parkNanos(20_000);
            }
        }

        Result resolve(Sock s) {
            Future<Result> f = s.blocked.future();
            s.blocked = null;
            try {
                return f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("a blocked call did not end" + where(), e);
            } catch (ExecutionException e) {
                throw new AssertionError("a blocked call threw" + where(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        /** After a failure: closes whatever is left without judging it. */
        void abandon() {
            for (Sock s : new ArrayList<>(live)) {
                ws.ioctlsocket(s.value, FIONBIO, new IntRef(0));
                ws.setsockopt(s.value, SOL_SOCKET, SO_LINGER, new Linger(1, 0));
                ws.closesocket(s.value);
                if (s.jdk != null) {
                    try {
                        s.jdk.close();
                    } catch (IOException ignored) {
                        // best effort after a failure that is being reported already
                    }
                }
            }
            live.clear();
            for (Future<Result> f : calls) {
                try {
                    f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (ExecutionException | TimeoutException ignored) {
                    // reported by the failure already
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** Cleans up: calls blocked first (they end with WSAEINTR), then listeners, then the rest. */
        void finish() throws Exception {
            List<Sock> order = new ArrayList<>(live);
            order.sort(Comparator.comparingInt((Sock s) -> s.blocked != null ? 0 : s.st == St.LISTENING ? 1 : 2));
            for (Sock s : order) {
                if (s.st != St.CLOSED) {
                    trace.append("finish:").append(s.st).append(' ');
                    close(s, true);
                }
            }
            assertEquals(List.of(), live, "everything closed");
            for (Future<Result> f : calls) {
                assertTrue(f.isDone(), () -> "no call left blocked" + where());
            }
            assertTrue(ResourceProbe.eventually(WAIT, () -> session.handles(HandleSpace.KERNEL).size() == 0),
                    () -> "the handle table is empty: " + session.handles(HandleSpace.KERNEL).size() + where());
        }
    }

    /**
     * Whether {@code t} is waiting inside the engine's socket wait (so a close now must wake it), or, on the
     * native backend, blocked in ws2_32 (a native frame of JNA's on top of its stack).
     */
    private static boolean parked(Thread t) {
        if (t == null) {
            return false;
        }
        StackTraceElement[] stack = t.getStackTrace();
        if (stack.length > 0 && stack[0].isNativeMethod() && stack[0].getClassName().startsWith("com.sun.jna.")) {
            return true;
        }
        Thread.State st = t.getState();
        // In the engine's wait: parked on the socket's condition, or — a receive reading on the calling thread
        // (issue 20) — blocked in the kernel's readiness wait (a native frame on top) under the same method.
        boolean blockedInKernel = stack.length > 0 && stack[0].isNativeMethod();
        if (st != Thread.State.TIMED_WAITING && st != Thread.State.WAITING && !blockedInKernel) {
            return false;
        }
        for (StackTraceElement e : stack) {
            if (e.getClassName().equals("io.teardown.winsock.engine.EmulatedSocket") && e.getMethodName().equals("await")) {
                return true;
            }
        }
        return false;
    }

    @Property(tries = 10_000)
    @AddLifecycleHook(SoakTries.class) // -Dteardown.soak=true: 100x the tries
    void winsockCallsFollowTheModel(@ForAll("sequences") List<Op> ops) throws Exception {
        Run run = new Run();
        boolean done = false;
        try {
            for (Op op : ops) {
                run.step(op);
            }
            run.finish();
            done = true;
        } finally {
            if (!done) {
                run.abandon(); // leave nothing behind for the next try (jqwik shrinks by re-running)
            }
        }
        SEQUENCES.incrementAndGet();
    }
}
