package io.teardown.testkit.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.IntRef;
import io.teardown.api.LeakTracking;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.kernel.Kernel32;
import io.teardown.kernel.Overlapped;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.TestBackend;
import io.teardown.testkit.wininet.RawHttpServer;
import io.teardown.testkit.wininet.TestHttpServer;
import io.teardown.wininet.WinInet;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.service.WlanService;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestTemplate;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11, part 3: a thread interrupted in every blocking call. Kernel, WinINet and WLAN calls are not
 * interruptible, so an interrupt neither ends such a call early with a Java exception nor leaves it
 * blocked forever: the call ends as it would have (its timeout, its data, CancelSynchronousIo, the
 * callback it waits for) with its documented result (KO-10, WI-07, WL-06). Blocking Winsock calls are
 * the exception Windows has too: they end with WSAEINTR (WS-12). Either way the thread's interrupt flag
 * is still set afterwards, for the application to see.
 * Runs on every backend ({@link EachBackend}); the WLAN test freezes the embedded service and is skipped on the
 * native backend.
 */
@ExtendWith(EachBackend.class)
@Timeout(60)
public class InterruptedCallsContract {
    private Session session;
    private Kernel32 k;
    private String backend;

    /** For JUnit and subclasses. */
    public InterruptedCallsContract() {
    }

    @BeforeEach
    void open(TestBackend b) {
        backend = b.name();
        session = Session.builder().backend(backend).name("interrupts").strict(false)
                .property("teardown.wlan.rpcTimeoutMillis", "700")
                .leakTracking(LeakTracking.OFF).build();
        k = Kernel32.of(session);
    }

    @AfterEach
    void close() {
        session.close();
    }

    private record Outcome(Object result, boolean stillInterrupted, Throwable thrown, long millis) {
    }

    /**
     * Runs {@code call} on a new thread, interrupts it once it is blocked, then runs {@code release} (what
     * ends the call on Windows too), and returns how the call ended.
     */
    private static Outcome interrupted(Supplier<Object> call, Runnable release) throws Exception {
        AtomicReference<Outcome> out = new AtomicReference<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            started.countDown();
            long t0 = System.nanoTime();
            try {
                Object r = call.get();
                out.set(new Outcome(r, Thread.currentThread().isInterrupted(), null,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)));
            } catch (Throwable e) {
                out.set(new Outcome(null, Thread.currentThread().isInterrupted(), e, 0));
            }
        }, "interrupted-caller");
        t.start();
        started.await();
        Thread.sleep(100);
        t.interrupt();
        Thread.sleep(100);
        release.run();
        t.join(15_000);
        assertFalse(t.isAlive(), "the call returned");
        Outcome o = out.get();
        assertEquals(null, o.thrown(), "no Java exception out of a flat call");
        assertTrue(o.stillInterrupted(), "the interrupt flag survives the call");
        return o;
    }

    @TestTemplate
    void KO_10_waitsRunToTheirTimeoutWhenInterrupted() throws Exception {
        long event = k.CreateEvent(null, true, false, null);
        Outcome single = interrupted(() -> k.WaitForSingleObject(event, 600), () -> { });
        assertEquals(Kernel32.WAIT_TIMEOUT, single.result());
        assertTrue(single.millis() >= 550, "not cut short: " + single.millis());
        Outcome multi = interrupted(() -> k.WaitForMultipleObjects(1, new long[] {event}, false, 600), () -> { });
        assertEquals(Kernel32.WAIT_TIMEOUT, multi.result());
        Outcome signalled = interrupted(() -> k.WaitForSingleObject(event, Kernel32.INFINITE), () -> k.SetEvent(event));
        assertEquals(Kernel32.WAIT_OBJECT_0, signalled.result(), "an infinite wait ends when signalled, not when interrupted");
        long port = k.CreateIoCompletionPort(Kernel32.INVALID_HANDLE_VALUE, 0, 0, 1);
        IntRef error = new IntRef();
        Outcome gqcs = interrupted(() -> {
            boolean ok = k.GetQueuedCompletionStatus(port, new IntRef(), new LongRef(), new Ref<Overlapped>(), 600);
            error.value = k.GetLastError();
            return ok;
        }, () -> { });
        assertEquals(false, gqcs.result());
        assertEquals(Kernel32.WAIT_TIMEOUT, error.value);
        assertTrue(k.CloseHandle(port) && k.CloseHandle(event));
    }

    @TestTemplate
    void KO_10_pipeReadAndConnectEndByDataOrCancelNotByInterrupt() throws Exception {
        LongRef r = new LongRef();
        LongRef w = new LongRef();
        assertTrue(k.CreatePipe(r, w, null, 0));
        byte[] buf = new byte[8];
        IntRef n = new IntRef();
        Outcome read = interrupted(() -> k.ReadFile(r.value, buf, buf.length, n, null),
                () -> k.WriteFile(w.value, new byte[] {1, 2, 3}, 3, new IntRef(), null));
        assertEquals(true, read.result());
        assertEquals(3, n.value, "the data ended the read");

        long me = k.GetCurrentThread();
        assertTrue(me != 0);
        String name = "\\\\.\\pipe\\interrupt-" + UUID.randomUUID();
        long server = k.CreateNamedPipe(name, Kernel32.PIPE_ACCESS_DUPLEX, Kernel32.PIPE_TYPE_BYTE, 1, 512, 512, 0, null);
        LongRef caller = new LongRef();
        IntRef error = new IntRef();
        Outcome connect = interrupted(() -> {
            k.DuplicateHandle(k.GetCurrentProcess(), k.GetCurrentThread(), k.GetCurrentProcess(), caller, 0, false,
                    Kernel32.DUPLICATE_SAME_ACCESS);
            boolean ok = k.ConnectNamedPipe(server, null);
            error.value = k.GetLastError();
            return ok;
        }, () -> {
            for (int i = 0; i < 100 && !k.CancelSynchronousIo(caller.value); i++) {
                sleep(10);
            }
        });
        assertEquals(false, connect.result());
        assertEquals(995, error.value, "CancelSynchronousIo ended it: ERROR_OPERATION_ABORTED");
        assertTrue(k.CloseHandle(caller.value) && k.CloseHandle(server) && k.CloseHandle(r.value) && k.CloseHandle(w.value));
    }

    @TestTemplate
    void WI_07_synchronousSendAndReadRunToTheirTimeoutWhenInterrupted() throws Exception {
        WinInet net = WinInet.of(session);
        long root = net.InternetOpen("i", WinInet.INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
        assertTrue(net.InternetSetOption(root, WinInet.INTERNET_OPTION_RECEIVE_TIMEOUT, 700, 4));
        try (RawHttpServer stall = new RawHttpServer(RawHttpServer.Behaviour.STALL); TestHttpServer http = TestHttpServer.start()) {
            long c = net.InternetConnect(root, "127.0.0.1", stall.port(), null, null, WinInet.INTERNET_SERVICE_HTTP, 0, 0);
            long req = net.HttpOpenRequest(c, "GET", "/", null, null, null, 0, 0);
            IntRef error = new IntRef();
            Outcome send = interrupted(() -> {
                boolean ok = net.HttpSendRequest(req, null, 0, null, 0);
                error.value = net.GetLastError();
                return ok;
            }, () -> { });
            assertEquals(false, send.result());
            assertEquals(Win32Error.ERROR_INTERNET_TIMEOUT.code(), error.value);

            long c2 = net.InternetConnect(root, "127.0.0.1", http.port(), null, null, WinInet.INTERNET_SERVICE_HTTP, 0, 0);
            long stalled = net.HttpOpenRequest(c2, "GET", "/stall", null, null, null, 0, 0);
            assertTrue(net.HttpSendRequest(stalled, null, 0, null, 0));
            byte[] buf = new byte[100];
            IntRef n = new IntRef();
            Outcome read = interrupted(() -> {
                boolean ok = net.InternetReadFile(stalled, buf, buf.length, n);
                error.value = net.GetLastError();
                return ok;
            }, () -> { });
            assertTrue(Boolean.FALSE.equals(read.result()) && error.value == Win32Error.ERROR_INTERNET_TIMEOUT.code()
                    || Boolean.TRUE.equals(read.result()), () -> "documented: " + read + " error " + error.value);
            assertTrue(net.InternetCloseHandle(root));
        }
    }

    @TestTemplate
    void WL_06_closeWaitingForACallbackAndCallsToAFrozenServiceEndNormally() throws Exception {
        Assumptions.assumeFalse(backend.equals("native"), "Windows' own WLAN service cannot be frozen by a test");
        WlanService service = WlanService.embedded(session);
        UUID wifi = service.addInterface("Interrupted Wi-Fi");
        WlanApi wlan = WlanApi.of(session);
        LongRef h = new LongRef();
        assertEquals(0, wlan.WlanOpenHandle(2, null, new IntRef(), h));
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        assertEquals(0, wlan.WlanRegisterNotification(h.value, WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, false, (d, c) -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, null, null, null));
        assertEquals(0, wlan.WlanScan(h.value, wifi, null, null, null));
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        Outcome close = interrupted(() -> wlan.WlanCloseHandle(h.value, null), release::countDown);
        assertEquals(0, close.result(), "the close waited for the callback (WL-06) and succeeded");

        LongRef h2 = new LongRef();
        assertEquals(0, wlan.WlanOpenHandle(2, null, new IntRef(), h2));
        service.freeze();
        try {
            Outcome frozen = interrupted(() -> wlan.WlanEnumInterfaces(h2.value, null, new Ref<>()), () -> { });
            int rc = (Integer) frozen.result();
            assertTrue(rc == Win32Error.RPC_S_CALL_FAILED.code() || rc == Win32Error.RPC_S_SERVER_UNAVAILABLE.code(),
                    "an RPC error (WL-04): " + rc);
        } finally {
            service.thaw();
        }
        assertEquals(0, wlan.WlanCloseHandle(h2.value, null));
    }

    @TestTemplate
    void WS_12_blockingRecvAndAcceptEndWithWsaeintrWhenInterrupted() throws Exception {
        io.teardown.winsock.Ws2_32 ws = io.teardown.winsock.Ws2_32.of(session);
        assertEquals(0, ws.WSAStartup((short) 0x0202, new io.teardown.winsock.WSAData()));
        long listener = ws.socket(io.teardown.winsock.Ws2_32.AF_INET, io.teardown.winsock.Ws2_32.SOCK_STREAM,
                io.teardown.winsock.Ws2_32.IPPROTO_TCP);
        assertEquals(0, ws.bind(listener, io.teardown.winsock.SockAddr.inet("127.0.0.1", 0), io.teardown.winsock.SockAddr.SIZE_IN));
        assertEquals(0, ws.listen(listener, 5));
        IntRef error = new IntRef();
        Outcome accept = interrupted(() -> {
            long a = ws.accept(listener, null, null);
            error.value = ws.WSAGetLastError();
            return a;
        }, () -> { });
        assertEquals(io.teardown.winsock.Ws2_32.INVALID_SOCKET, accept.result());
        assertEquals(10004, error.value, "WSAEINTR (WS-12)");

        io.teardown.winsock.SockAddr name = new io.teardown.winsock.SockAddr();
        assertEquals(0, ws.getsockname(listener, name, new IntRef(io.teardown.winsock.SockAddr.SIZE_IN)));
        long client = ws.socket(io.teardown.winsock.Ws2_32.AF_INET, io.teardown.winsock.Ws2_32.SOCK_STREAM,
                io.teardown.winsock.Ws2_32.IPPROTO_TCP);
        assertEquals(0, ws.connect(client, name, io.teardown.winsock.SockAddr.SIZE_IN));
        long server = ws.accept(listener, null, null);
        byte[] buf = new byte[16];
        Outcome recv = interrupted(() -> {
            int n = ws.recv(client, buf, buf.length, 0);
            error.value = ws.WSAGetLastError();
            return n;
        }, () -> { });
        assertEquals(io.teardown.winsock.Ws2_32.SOCKET_ERROR, recv.result());
        assertEquals(10004, error.value, "WSAEINTR (WS-12)");
        assertEquals(0, ws.send(server, new byte[] {7}, 1, 0) - 1, "the connection still works after the interrupt");
        assertEquals(1, ws.recv(client, buf, buf.length, 0));
        assertEquals(0, ws.closesocket(client));
        assertEquals(0, ws.closesocket(server));
        assertEquals(0, ws.closesocket(listener));
        assertEquals(0, ws.WSACleanup());
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
