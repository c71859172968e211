package io.teardown.testkit.hardening;

import static io.teardown.wininet.WinInet.INTERNET_FLAG_ASYNC;
import static io.teardown.wininet.WinInet.INTERNET_OPEN_TYPE_DIRECT;
import static io.teardown.wininet.WinInet.INTERNET_SERVICE_HTTP;
import static io.teardown.wininet.WinInet.INTERNET_STATUS_HANDLE_CLOSING;
import static io.teardown.wininet.WinInet.INTERNET_STATUS_REDIRECT;
import static io.teardown.wininet.WinInet.INTERNET_STATUS_REQUEST_COMPLETE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LeakTracking;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.OnEachBackend;
import io.teardown.testkit.TestBackend;

import io.teardown.testkit.wininet.TestHttpServer;
import io.teardown.wininet.InternetAsyncResult;
import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.WinInet;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Issue 11, part 2 (WinINet): random sequences of open (sync and async) / connect / request / send /
 * read / close / close-again / close-from-the-callback, on each backend ({@link OnEachBackend}) against a real HTTP
 * server, compared step by step with a model of the handle tree. Extends the engine-level
 * {@code HandleTreePropertyTest} (async only, no transport) with real I/O, synchronous sends and
 * reads, redirect chains ({@code /redirect/N}: N + 1 hops to {@code /small}), and callbacks that close
 * the handle they report — at its REQUEST_COMPLETE or in the middle of a redirect chain. Checked: WI-02 (closing a parent invalidates
 * its children at once), WI-03 (exactly one HANDLE_CLOSING per handle with a context, last), WI-04
 * (a pending send completes before HANDLE_CLOSING), WI-06 (closing from the callback is safe), WI-08
 * (a second close fails with 6), and at the end of every sequence the table is back to empty.
 */
@AddLifecycleHook(OnEachBackend.class)
@EachBackend.Subsystems({"kernel", "wininet"})
public class WinInetTreeModelContract {
    private static final AtomicLong CONTEXTS = new AtomicLong(1);
    private static TestHttpServer http;
    private static Session session;
    private static WinInet net;

    /** For jqwik and subclasses. */
    public WinInetTreeModelContract() {
    }

    @BeforeProperty
    public void start(TestBackend backend) throws Exception {
        http = TestHttpServer.start();
        session = Session.builder().backend(backend.name()).name("model-wininet").leakTracking(LeakTracking.OFF).build();
        net = WinInet.of(session);
    }

    @AfterProperty
    public void stop() {
        session.close();
        http.close();
    }

    enum Kind { OPEN_SYNC, OPEN_ASYNC, CONNECT, REQUEST, SEND, READ, CLOSE, CLOSE_AGAIN, CLOSE_IN_CALLBACK, CLOSE_ON_REDIRECT }

    record Op(Kind kind, int pick) {
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 999))
                .as(Op::new).list().ofMinSize(1).ofMaxSize(10);
    }

    private static final class Node {
        final long value;
        final long context;
        final Node parent;
        final int kind; // 0 root, 1 connection, 2 request
        final boolean async;
        /** For a request: the hops of its redirect chain (-1: none, the path is /small). */
        int redirects = -1;
        boolean closed;
        boolean sent;
        boolean read;
        volatile boolean closeInCallback;

        Node(long value, long context, Node parent, int kind, boolean async) {
            this.value = value;
            this.context = context;
            this.parent = parent;
            this.kind = kind;
            this.async = async;
        }

        /** Not closed by the model (a handle its callback may have closed counts as maybe open). */
        boolean maybeOpen() {
            for (Node n = this; n != null; n = n.parent) {
                if (n.closed) {
                    return false;
                }
            }
            return true;
        }

        boolean live() {
            for (Node n = this; n != null; n = n.parent) {
                if (n.closed || n.closeInCallback) {
                    return false;
                }
            }
            return true;
        }
    }

    record Event(long handle, long context, int status, Object info) {
    }

    @Property(tries = 10_000)
    @AddLifecycleHook(SoakTries.class) // -Dteardown.soak=true: 100x the tries
    void theTreeClosesAsTheModelSays(@ForAll("sequences") List<Op> ops) throws Exception {
        List<Event> events = new ArrayList<>();
        Set<Long> closeOnComplete = ConcurrentHashMap.newKeySet();
        Set<Long> closeOnRedirect = ConcurrentHashMap.newKeySet();
        InternetStatusCallback recorder = (h, ctx, status, info, len) -> {
            synchronized (events) {
                events.add(new Event(h, ctx, status, info));
            }
            if ((status == INTERNET_STATUS_REQUEST_COMPLETE && closeOnComplete.remove(ctx))
                    || (status == INTERNET_STATUS_REDIRECT && closeOnRedirect.remove(ctx))) {
                net.InternetCloseHandle(h); // WI-06: safe from inside the callback, also mid-chain
            }
        };
        List<Node> nodes = new ArrayList<>();
        for (Op op : ops) {
            List<Node> live = nodes.stream().filter(Node::live).toList();
            switch (op.kind()) {
                case OPEN_SYNC, OPEN_ASYNC -> {
                    boolean async = op.kind() == Kind.OPEN_ASYNC;
                    long h = net.InternetOpen("model", INTERNET_OPEN_TYPE_DIRECT, null, null, async ? INTERNET_FLAG_ASYNC : 0);
                    assertNotEquals(0, h);
                    net.InternetSetStatusCallback(h, recorder);
                    add(nodes, new Node(h, 0, null, 0, async));
                }
                case CONNECT, REQUEST -> {
                    int parentKind = op.kind() == Kind.CONNECT ? 0 : 1;
                    List<Node> parents = live.stream().filter(n -> n.kind == parentKind).toList();
                    if (!parents.isEmpty()) {
                        Node p = parents.get(op.pick() % parents.size());
                        long ctx = CONTEXTS.getAndIncrement();
                        int redirects = op.pick() % 3 == 0 ? op.pick() % 4 : -1;
                        String path = redirects < 0 ? "/small" : "/redirect/" + redirects;
                        long h = parentKind == 0
                                ? net.InternetConnect(p.value, "127.0.0.1", http.port(), null, null, INTERNET_SERVICE_HTTP, 0, ctx)
                                : net.HttpOpenRequest(p.value, "GET", path, null, null, null, 0, ctx);
                        assertNotEquals(0, h, () -> "child of a live handle: error " + net.GetLastError());
                        Node fresh = new Node(h, ctx, p, parentKind + 1, p.async);
                        fresh.redirects = parentKind == 1 ? redirects : -1;
                        add(nodes, fresh);
                    }
                }
                case SEND -> {
                    Node r = pick(live, op.pick(), n -> n.kind == 2 && !n.sent);
                    if (r != null) {
                        boolean ok = net.HttpSendRequest(r.value, null, 0, null, 0);
                        if (r.async) {
                            assertTrue(!ok && net.GetLastError() == 997, "async send pends (WI-10)");
                        } else {
                            assertTrue(ok, () -> "sync send to a live server: error " + net.GetLastError());
                        }
                        r.sent = true;
                    }
                }
                case READ -> {
                    Node r = pick(live, op.pick(), n -> n.kind == 2 && n.sent && !n.async && !n.read);
                    if (r != null) {
                        assertEquals("hello", readAll(r.value));
                        r.read = true;
                    }
                }
                case CLOSE_IN_CALLBACK -> {
                    Node r = pick(live, op.pick(), n -> n.kind == 2 && n.async && !n.sent);
                    if (r != null) {
                        closeOnComplete.add(r.context);
                        r.closeInCallback = true;
                        assertFalse(net.HttpSendRequest(r.value, null, 0, null, 0));
                        r.sent = true;
                    }
                }
                case CLOSE_ON_REDIRECT -> {
                    Node r = pick(live, op.pick(), n -> n.kind == 2 && n.redirects >= 0 && !n.sent);
                    if (r != null) {
                        closeOnRedirect.add(r.context);
                        r.closeInCallback = true;
                        boolean ok = net.HttpSendRequest(r.value, null, 0, null, 0);
                        int error = net.GetLastError();
                        // async: pending; sync: the close inside the call cancelled the send (WI-04, WI-11) —
                        // or the chain had already ended when the REDIRECT callback ran (docs/wininet.md)
                        assertTrue(r.async ? !ok && error == 997 : ok || error == 12017,
                                () -> "send closed mid-chain: " + ok + "/" + error);
                        r.sent = true;
                    }
                }
                case CLOSE -> {
                    Node t = pick(live, op.pick(), n -> true);
                    if (t != null) {
                        assertTrue(net.InternetCloseHandle(t.value), "closing a live handle");
                        t.closed = true;
                    }
                }
                case CLOSE_AGAIN -> {
                    Node t = pick(nodes, op.pick(), n -> n.closed && !n.closeInCallback
                            && nodes.stream().noneMatch(o -> o != n && o.value == n.value && o.maybeOpen()));
                    if (t != null && !t.live()) {
                        assertFalse(net.InternetCloseHandle(t.value), "a closed handle closes once (WI-08)");
                        assertEquals(6, net.GetLastError());
                    }
                }
                default -> throw new AssertionError(op);
            }
            // WI-02: a child of a closed parent is invalid at once
            for (Node n : nodes) {
                if (!n.live() && !n.closeInCallback && nodes.stream().noneMatch(o -> o.value == n.value && o.maybeOpen())) {
                    IntRef len = new IntRef(8);
                    assertFalse(net.InternetQueryOption(n.value, WinInet.INTERNET_OPTION_CONTEXT_VALUE, new LongRef(), len),
                            "a closed or orphaned handle is invalid (WI-02)");
                }
            }
        }
        for (Node n : nodes) {
            if (n.kind == 0 && !n.closed) {
                assertTrue(net.InternetCloseHandle(n.value));
                n.closed = true;
            }
        }
        assertTrue(ResourceProbe.eventually(Duration.ofSeconds(10),
                () -> session.handles(HandleSpace.INTERNET).size() == 0), "every handle freed");
        assertTrue(ResourceProbe.eventually(Duration.ofSeconds(10), () -> nodes.stream().filter(n -> n.context != 0)
                .allMatch(n -> closing(events, n) > 0)), () -> "every handle reported closing: " + events);
        for (Node n : nodes) {
            if (n.context == 0) {
                continue;
            }
            List<Event> mine;
            synchronized (events) {
                mine = events.stream().filter(e -> e.context() == n.context).toList();
            }
            assertEquals(1, closing(events, n), () -> "one HANDLE_CLOSING (WI-03): " + mine);
            Event last = mine.get(mine.size() - 1);
            assertEquals(INTERNET_STATUS_HANDLE_CLOSING, last.status(), () -> "HANDLE_CLOSING is last: " + mine);
            assertEquals(n.value, last.info(), "its information is the handle");
            long hops = mine.stream().filter(e -> e.status() == INTERNET_STATUS_REDIRECT).count();
            if (n.redirects >= 0 && n.read) {
                assertEquals(n.redirects + 1, hops, () -> "one REDIRECT per hop: " + mine);
            } else {
                // a close from the first REDIRECT may come after the next hop began (docs/wininet.md)
                assertTrue(hops <= n.redirects + 1, () -> "at most one REDIRECT per hop: " + mine);
            }
            if (n.async && n.sent) {
                assertTrue(mine.stream().anyMatch(e -> e.status() == INTERNET_STATUS_REQUEST_COMPLETE
                        && e.info() instanceof InternetAsyncResult), () -> "the send completed before closing (WI-04): " + mine);
            }
        }
    }

    private static long closing(List<Event> events, Node n) {
        synchronized (events) {
            return events.stream().filter(e -> e.context() == n.context && e.status() == INTERNET_STATUS_HANDLE_CLOSING).count();
        }
    }

    private static void add(List<Node> nodes, Node fresh) {
        for (Node n : nodes) {
            if (n.value == fresh.value) {
                n.closed = true; // the value was reissued, so its old owner is gone
            }
        }
        nodes.add(fresh);
    }

    private static Node pick(List<Node> from, int pick, java.util.function.Predicate<Node> p) {
        List<Node> c = from.stream().filter(p).toList();
        return c.isEmpty() ? null : c.get(pick % c.size());
    }

    private static String readAll(long request) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[3];
        IntRef n = new IntRef();
        do {
            assertTrue(net.InternetReadFile(request, buf, buf.length, n), () -> "read: error " + net.GetLastError());
            out.write(buf, 0, n.value);
        } while (n.value > 0);
        return out.toString(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
