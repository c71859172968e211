package io.teardown.testkit.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LeakTracking;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Win32FindData;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.OnEachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.wininet.WinInet;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.Ws2_32;
import io.teardown.wlan.WlanApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
 * Issue 11, part 2 (kernel objects): random sequences that hand every closer every kind of value —
 * events, find handles, registry keys, sockets, WinINet and WLAN handles of the same session, objects of another
 * session, and stale values — compared with a model. Extends the engine's {@code HandleModelPropertyTest}
 * (kernel objects only) to foreign values: KO-09 (CloseHandle on a find handle fails with 6 and
 * FindClose still works; on an opened key it returns TRUE and closes nothing; FindClose rejects every
 * other object; RegCloseKey closes keys and other kernel handles, as NtClose does, but not find handles), KO-03 (closed values fail with 6), KO-11 with generation tags (a stale value
 * never reaches the object that reused its slot, whatever its type), and the separation of tables and
 * sessions: WS-15 (CloseHandle on a socket closes it; closesocket on anything else fails with
 * WSAENOTSOCK and leaves it intact), and no kernel call ever closes a WinINet or WLAN handle or another session's object.
 */
@AddLifecycleHook(OnEachBackend.class)
@EachBackend.Subsystems({"kernel", "winsock", "wininet", "wlan"})
public class KernelForeignValueModelContract {
    private static Session session;
    private static Session other;
    private static Kernel32 k;
    private static Kernel32 otherK;
    private static WinInet net;
    private static WlanApi wlan;
    private static Ws2_32 ws;
    private static Path dir;
    private static long otherEvent;

    /** For jqwik and subclasses. */
    public KernelForeignValueModelContract() {
    }

    @BeforeProperty
    public void start(TestBackend backend) throws Exception {
        session = Session.builder().backend(backend.name()).name("model-kernel").strict(false).generationTags(true)
                .leakTracking(LeakTracking.OFF).build();
        other = Session.builder().backend(backend.name()).name("model-kernel-other").leakTracking(LeakTracking.OFF).build();
        k = Kernel32.of(session);
        otherK = Kernel32.of(other);
        net = WinInet.of(session);
        wlan = WlanApi.of(session);
        ws = Ws2_32.of(session);
        assertEquals(0, ws.WSAStartup((short) 0x0202, new WSAData()));
        otherEvent = otherK.CreateEvent(null, true, false, null);
        dir = Files.createTempDirectory("teardown-model-");
        Files.writeString(dir.resolve("a.txt"), "a");
    }

    @AfterProperty
    public void stop() throws Exception {
        assertTrue(otherK.SetEvent(otherEvent), "the other session's event survived every sequence");
        assertEquals(1, other.handles(HandleSpace.KERNEL).size());
        session.close();
        other.close();
        Files.deleteIfExists(dir.resolve("a.txt"));
        Files.deleteIfExists(dir);
    }

    enum Type { EVENT, FIND, KEY, SOCKET, INTERNET, WLAN, OTHER_SESSION }

    enum Action { CREATE, CLOSE_HANDLE, FIND_CLOSE, REG_CLOSE_KEY, CLOSESOCKET, USE }

    record Op(Action action, Type type, int pick) {
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        return Combinators.combine(Arbitraries.of(Action.class), Arbitraries.of(Type.class),
                Arbitraries.integers().between(0, 999)).as(Op::new).list().ofMinSize(1).ofMaxSize(12);
    }

    private static final class Value {
        final Type type;
        final long value;
        boolean open = true;

        Value(Type type, long value) {
            this.type = type;
            this.value = value;
        }
    }

    @Property(tries = 10_000)
    @AddLifecycleHook(SoakTries.class) // -Dteardown.soak=true: 100x the tries
    void everyCloserTreatsEveryValueAsTheRulesSay(@ForAll("sequences") List<Op> ops) {
        List<Value> values = new ArrayList<>();
        for (Op op : ops) {
            if (op.action() == Action.CREATE) {
                values.add(create(op.type()));
                continue;
            }
            if (values.isEmpty()) {
                continue;
            }
            Value v = values.get(op.pick() % values.size());
            // a kernel closer looks the number up in the kernel table only: a WinINet or WLAN value (or
            // another session's) that happens to equal a live kernel value names that kernel object
            Value t = values.stream().filter(o -> o.open && o.value == v.value
                    && (o.type == Type.EVENT || o.type == Type.FIND || o.type == Type.KEY || o.type == Type.SOCKET))
                    .findFirst().orElse(null);
            switch (op.action()) {
                case CLOSE_HANDLE -> {
                    boolean ok = k.CloseHandle(v.value);
                    if (t == null) {
                        assertFalse(ok, () -> "KO-03/KO-11: a closed, stale or foreign value " + v.type);
                        assertEquals(6, k.GetLastError());
                    } else if (t.type == Type.EVENT) {
                        assertTrue(ok, "KO-01");
                        t.open = false;
                    } else if (t.type == Type.SOCKET) {
                        assertTrue(ok, "WS-15: CloseHandle on a socket works like Windows: the socket is gone");
                        t.open = false;
                    } else if (t.type == Type.KEY) {
                        assertTrue(ok, "KO-09: CloseHandle on an opened key returns TRUE and closes nothing");
                    } else {
                        assertFalse(ok, "KO-09: CloseHandle on a find handle fails");
                        assertEquals(6, k.GetLastError());
                    }
                }
                case FIND_CLOSE -> {
                    boolean ok = k.FindClose(v.value);
                    if (t != null && t.type == Type.FIND) {
                        assertTrue(ok);
                        t.open = false;
                    } else {
                        assertFalse(ok, () -> "FindClose on " + v.type);
                        assertEquals(6, k.GetLastError());
                    }
                }
                case CLOSESOCKET -> {
                    int rc = ws.closesocket(v.value);
                    if (t != null && t.type == Type.SOCKET) {
                        assertEquals(0, rc, "WS-03");
                        t.open = false;
                    } else {
                        assertEquals(Ws2_32.SOCKET_ERROR, rc, () -> "closesocket on " + v.type);
                        assertEquals(10038, ws.WSAGetLastError(), "WS-02/WS-15: WSAENOTSOCK, the object left intact");
                    }
                }
                case REG_CLOSE_KEY -> {
                    if (t != null && t.type == Type.SOCKET) {
                        continue; // not a rule of the contract: RegCloseKey on a socket is left unspecified
                    }
                    int rc = k.RegCloseKey(v.value);
                    if (t != null && t.type != Type.FIND) {
                        // RegCloseKey ends in NtClose on Windows: it closes any kernel handle but a find
                        // handle (docs/kernel-objects.md)
                        assertEquals(0, rc);
                        t.open = false;
                    } else {
                        assertEquals(6, rc, () -> "RegCloseKey on " + v.type);
                    }
                }
                case USE -> use(v);
                default -> throw new AssertionError(op);
            }
        }
        for (Value v : values) {
            if (v.open) {
                close(v);
            }
        }
        assertEquals(0, session.handles(HandleSpace.KERNEL).size(), "kernel table empty");
        assertEquals(0, session.handles(HandleSpace.INTERNET).size(), "internet table empty");
        assertEquals(0, session.handles(HandleSpace.WLAN).size(), "wlan table empty");
    }

    private static Value create(Type type) {
        return switch (type) {
            case EVENT -> new Value(type, nonZero(k.CreateEvent(null, true, false, null)));
            case FIND -> {
                long f = k.FindFirstFile(dir.resolve("*").toString(), new Win32FindData());
                assertNotEquals(Kernel32.INVALID_HANDLE_VALUE, f);
                yield new Value(type, f);
            }
            case KEY -> {
                LongRef key = new LongRef();
                assertEquals(0, k.RegOpenKeyEx(Kernel32.HKEY_CURRENT_USER, "Software", 0, Kernel32.KEY_READ, key));
                yield new Value(type, key.value);
            }
            case SOCKET -> {
                long sock = ws.socket(Ws2_32.AF_INET, Ws2_32.SOCK_STREAM, Ws2_32.IPPROTO_TCP);
                assertNotEquals(Ws2_32.INVALID_SOCKET, sock);
                yield new Value(type, sock);
            }
            case INTERNET -> new Value(type, nonZero(net.InternetOpen("m", WinInet.INTERNET_OPEN_TYPE_DIRECT, null, null, 0)));
            case WLAN -> {
                LongRef h = new LongRef();
                assertEquals(0, wlan.WlanOpenHandle(2, null, new IntRef(), h));
                yield new Value(type, h.value);
            }
            case OTHER_SESSION -> new Value(type, otherEvent);
        };
    }

    private static long nonZero(long v) {
        assertNotEquals(0, v);
        return v;
    }

    /** Each value still works exactly while the model says it is open. */
    private static void use(Value v) {
        switch (v.type) {
            case EVENT -> assertEquals(v.open, k.SetEvent(v.value), "SetEvent");
            case FIND -> {
                boolean ok = k.FindNextFile(v.value, new Win32FindData());
                int e = k.GetLastError();
                assertTrue(v.open ? ok || e == 18 : !ok && e == 6, () -> "FindNextFile: " + ok + "/" + e);
            }
            case KEY -> assertEquals(v.open ? 0 : 6, k.RegQueryValueEx(v.value, "none", null, new IntRef(), null,
                    new IntRef()) == 2 ? 0 : 6, "RegQueryValueEx");
            case SOCKET -> assertEquals(v.open ? 0 : Ws2_32.SOCKET_ERROR,
                    ws.ioctlsocket(v.value, Ws2_32.FIONBIO, new IntRef(1)), "the socket works exactly while open");
            case INTERNET -> assertEquals(v.open, net.InternetQueryOption(v.value, WinInet.INTERNET_OPTION_CONTEXT_VALUE,
                    new LongRef(), new IntRef(8)), "the WinINet handle is untouched by kernel closers");
            case WLAN -> assertEquals(v.open ? 0 : 6, wlan.WlanEnumInterfaces(v.value, null, new io.teardown.api.Ref<>()),
                    "the WLAN handle is untouched by kernel closers");
            case OTHER_SESSION -> assertTrue(otherK.SetEvent(v.value), "another session's object is untouched");
        }
    }

    private static void close(Value v) {
        switch (v.type) {
            case EVENT -> assertTrue(k.CloseHandle(v.value));
            case FIND -> assertTrue(k.FindClose(v.value));
            case KEY -> assertEquals(0, k.RegCloseKey(v.value));
            case SOCKET -> assertEquals(0, ws.closesocket(v.value));
            case INTERNET -> assertTrue(net.InternetCloseHandle(v.value));
            case WLAN -> assertEquals(0, wlan.WlanCloseHandle(v.value, null));
            case OTHER_SESSION -> { }
        }
        v.open = false;
    }
}
