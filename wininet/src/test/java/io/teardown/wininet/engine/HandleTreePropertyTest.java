package io.teardown.wininet.engine;

import static io.teardown.wininet.WinInet.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.HandleSpace;
import io.teardown.api.Session;
import io.teardown.wininet.InternetAsyncResult;
import io.teardown.wininet.front.WinInetFront;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Random scripts of open / connect / request / async send / close against a model of the handle tree:
 * closing a node closes its subtree at once (WI-02), a second close fails with 6 (WI-08), every
 * handle with a context gets exactly one HANDLE_CLOSING and nothing after it (WI-03), a pending send
 * completes cancelled before it (WI-04), and nothing is left in the table.
 */
class HandleTreePropertyTest {
    private static final class Node {
        final long value;
        final long context;
        final Node parent;
        final int kind; // 0 root, 1 connect, 2 request
        boolean closed;
        boolean sent;

        Node(long value, long context, Node parent, int kind) {
            this.value = value;
            this.context = context;
            this.parent = parent;
            this.kind = kind;
        }

        boolean live() {
            for (Node n = this; n != null; n = n.parent) {
                if (n.closed) {
                    return false;
                }
            }
            return true;
        }
    }

    private record Call(long context, int status, Object info) {
    }

    @Property(tries = 60)
    @AddLifecycleHook(SoakTries.class) // -Dteardown.soak=true: 100x the tries
    void closingFollowsTheTree(@ForAll @Size(max = 40) List<@IntRange(min = 0, max = 4999) Integer> script) {
        List<Call> calls = new ArrayList<>();
        try (Session session = Session.builder().leakListener(l -> { }).build();
             EmulatedWinInetDriver engine = new EmulatedWinInetDriver(session, ScriptedHttpTransport.blackHole())) {
            WinInetFront api = new WinInetFront(session, engine);
            List<Node> nodes = new ArrayList<>();
            long nextContext = 1;
            for (int step : script) {
                int op = step % 5;
                List<Node> live = nodes.stream().filter(Node::live).toList();
                Node target = nodes.isEmpty() ? null : nodes.get((step / 5) % nodes.size());
                switch (op) {
                    case 0 -> {
                        long h = api.InternetOpen("p", INTERNET_OPEN_TYPE_DIRECT, null, null, INTERNET_FLAG_ASYNC);
                        api.InternetSetStatusCallback(h, (x, c, s, i, l) -> {
                            synchronized (calls) {
                                calls.add(new Call(c, s, i));
                            }
                        });
                        nodes.add(new Node(h, 0, null, 0));
                    }
                    case 1 -> {
                        Node p = live.stream().filter(n -> n.kind == 0).findFirst().orElse(null);
                        if (p != null) {
                            long ctx = nextContext++;
                            long h = api.InternetConnect(p.value, "127.0.0.1", 9, null, null, INTERNET_SERVICE_HTTP, 0, ctx);
                            assertTrue(h != 0);
                            nodes.add(new Node(h, ctx, p, 1));
                        }
                    }
                    case 2 -> {
                        Node p = live.stream().filter(n -> n.kind == 1).reduce((a, b) -> b).orElse(null);
                        if (p != null) {
                            long ctx = nextContext++;
                            long h = api.HttpOpenRequest(p.value, "GET", "/", null, null, null, 0, ctx);
                            assertTrue(h != 0);
                            nodes.add(new Node(h, ctx, p, 2));
                        }
                    }
                    case 3 -> {
                        Node r = live.stream().filter(n -> n.kind == 2 && !n.sent).findFirst().orElse(null);
                        if (r != null) {
                            boolean ok = api.HttpSendRequest(r.value, null, 0, null, 0);
                            assertTrue(!ok && api.GetLastError() == 997, "async send pends");
                            r.sent = true;
                        }
                    }
                    default -> {
                        if (target != null) {
                            // values are reused (LIFO, as on Windows): a stale value names its new owner
                            Node owner = live.stream().filter(n -> n.value == target.value).findFirst().orElse(null);
                            boolean ok = api.InternetCloseHandle(target.value);
                            if (owner != null) {
                                assertTrue(ok, "closing a live handle succeeds");
                                owner.closed = true;
                            } else {
                                assertTrue(!ok && api.GetLastError() == 6, "closing a dead handle fails with 6");
                            }
                        }
                    }
                }
            }
            for (Node n : nodes) {
                if (n.kind == 0 && n.live()) {
                    assertTrue(api.InternetCloseHandle(n.value));
                    n.closed = true;
                }
            }
            assertTrue(session.handles(HandleSpace.INTERNET).size() == 0, "every handle freed");
            engine.awaitCallbacks(Duration.ofSeconds(5));
            Map<Long, List<Call>> byContext = new HashMap<>();
            synchronized (calls) {
                for (Call c : calls) {
                    byContext.computeIfAbsent(c.context, k -> new ArrayList<>()).add(c);
                }
            }
            assertTrue(!byContext.containsKey(0L), "context 0 gets no callbacks");
            for (Node n : nodes) {
                if (n.context == 0) {
                    continue;
                }
                List<Call> mine = byContext.getOrDefault(n.context, List.of());
                long closings = mine.stream().filter(c -> c.status == INTERNET_STATUS_HANDLE_CLOSING).count();
                assertTrue(closings == 1, "one HANDLE_CLOSING for context " + n.context + ": " + mine);
                Call last = mine.get(mine.size() - 1);
                assertTrue(last.status == INTERNET_STATUS_HANDLE_CLOSING && (Long) last.info == n.value, "last: " + mine);
                if (n.sent) {
                    Call before = mine.get(mine.size() - 2);
                    assertTrue(before.status == INTERNET_STATUS_REQUEST_COMPLETE
                            && ((InternetAsyncResult) before.info).dwError == 12017, "cancelled before closing: " + mine);
                }
            }
        }
    }
}
