package io.teardown.examples.demo;

import static io.teardown.wininet.WinInet.*;

import com.sun.net.httpserver.HttpServer;
import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.wininet.InternetAsyncResult;
import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.WinInet;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code teardown demo wininet}: an asynchronous download from an embedded HTTP server, cancelled
 * half-way by {@code InternetCloseHandle}, with every status callback printed. Shows WI-04/WI-06 (the
 * pending read completes with ERROR_INTERNET_OPERATION_CANCELLED before HANDLE_CLOSING), WI-05
 * (GetLastError() = 997 after the close) and WI-03 (HANDLE_CLOSING last, request before connection).
 */
public final class WininetDemo implements Demo {
    private static final int SIZE = 8 * 1024 * 1024;
    /** Where the server pauses until the request is closed (a multiple of its 16 KiB pieces). */
    private static final int PAUSE_AT = 256 * 1024;
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(INTERNET_STATUS_RESOLVING_NAME, "RESOLVING_NAME"),
            Map.entry(INTERNET_STATUS_NAME_RESOLVED, "NAME_RESOLVED"),
            Map.entry(INTERNET_STATUS_CONNECTING_TO_SERVER, "CONNECTING_TO_SERVER"),
            Map.entry(INTERNET_STATUS_CONNECTED_TO_SERVER, "CONNECTED_TO_SERVER"),
            Map.entry(INTERNET_STATUS_SENDING_REQUEST, "SENDING_REQUEST"),
            Map.entry(INTERNET_STATUS_REQUEST_SENT, "REQUEST_SENT"),
            Map.entry(INTERNET_STATUS_RECEIVING_RESPONSE, "RECEIVING_RESPONSE"),
            Map.entry(INTERNET_STATUS_RESPONSE_RECEIVED, "RESPONSE_RECEIVED"),
            Map.entry(INTERNET_STATUS_CLOSING_CONNECTION, "CLOSING_CONNECTION"),
            Map.entry(INTERNET_STATUS_CONNECTION_CLOSED, "CONNECTION_CLOSED"),
            Map.entry(INTERNET_STATUS_HANDLE_CREATED, "HANDLE_CREATED"),
            Map.entry(INTERNET_STATUS_HANDLE_CLOSING, "HANDLE_CLOSING"),
            Map.entry(INTERNET_STATUS_REQUEST_COMPLETE, "REQUEST_COMPLETE"));

    /** For the command line. */
    public WininetDemo() {
    }

    @Override
    public String name() {
        return "wininet";
    }

    @Override
    public String summary() {
        return "an async download cancelled by InternetCloseHandle, with its status callbacks";
    }

    private record Event(long handle, long context, int status, Object info) {
    }

    @Override
    public void run(PrintWriter out) throws Exception {
        ExecutorService serverThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "demo-http-server");
            t.setDaemon(true);
            return t;
        });
        // The server stops after PAUSE_AT bytes until the demo has closed the request: the read issued
        // then stays pending whatever the scheduler does, and the close, not the data, ends it.
        CountDownLatch closed = new CountDownLatch(1);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.setExecutor(serverThreads);
        server.createContext("/download", ex -> {
            ex.sendResponseHeaders(200, SIZE);
            byte[] piece = new byte[16 * 1024];
            try (OutputStream body = ex.getResponseBody()) {
                for (int sent = 0; sent < SIZE; sent += piece.length) {
                    if (sent == PAUSE_AT) {
                        closed.await();
                    }
                    body.write(piece);
                    body.flush();
                    Thread.sleep(2); // a slow server, so the download is still running when we close
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (java.io.IOException clientGone) {
                // the client closed the request: expected
            }
        });
        server.start();
        try (Session session = Session.open()) {
            download(WinInet.of(session), server.getAddress().getPort(), out, closed);
        } finally {
            closed.countDown();
            server.stop(0);
            serverThreads.shutdownNow();
        }
    }

    private static void download(WinInet net, int port, PrintWriter out, CountDownLatch closed) throws InterruptedException {
        List<Event> events = new ArrayList<>();
        AtomicBoolean quiet = new AtomicBoolean();
        InternetStatusCallback callback = (h, ctx, status, info, len) -> {
            synchronized (events) {
                events.add(new Event(h, ctx, status, info));
                events.notifyAll();
            }
            boolean routineRead = status == INTERNET_STATUS_RECEIVING_RESPONSE || status == INTERNET_STATUS_RESPONSE_RECEIVED
                    || (status == INTERNET_STATUS_REQUEST_COMPLETE && ((InternetAsyncResult) info).dwError == 0);
            if (quiet.get() && routineRead) {
                return; // the read loop's own progress: counted, not printed
            }
            synchronized (out) {
                out.printf("  callback  [%s] handle 0x%x context %d  %s%s%n", Thread.currentThread().getName(), h, ctx,
                        NAMES.getOrDefault(status, String.valueOf(status)), info == null ? "" : "  " + describe(info));
                out.flush();
            }
        };
        long inet = net.InternetOpen("teardown-demo", INTERNET_OPEN_TYPE_DIRECT, null, null, INTERNET_FLAG_ASYNC);
        net.InternetSetStatusCallback(inet, callback);
        long conn = net.InternetConnect(inet, "127.0.0.1", port, null, null, INTERNET_SERVICE_HTTP, 0, 1);
        long req = net.HttpOpenRequest(conn, "GET", "/download", null, null, null, INTERNET_FLAG_RELOAD, 2);
        say(out, "InternetOpen(ASYNC) = 0x%x, InternetConnect = 0x%x, HttpOpenRequest = 0x%x", inet, conn, req);

        boolean sent = net.HttpSendRequest(req, null, 0, null, 0);
        say(out, "HttpSendRequest -> %s, GetLastError() = %d (ERROR_IO_PENDING)", sent, net.GetLastError());
        Event complete = await(events, req, INTERNET_STATUS_REQUEST_COMPLETE, 0);
        expect(((InternetAsyncResult) complete.info).dwResult == 1, "the request completed: " + complete.info);

        quiet.set(true);
        byte[] buffer = new byte[32 * 1024];
        IntRef read = new IntRef();
        long total = 0;
        int completions = 1;
        while (true) {
            if (net.InternetReadFile(req, buffer, buffer.length, read)) {
                total += read.value;
                expect(read.value > 0, "the body ended early");
                continue;
            }
            expect(net.GetLastError() == 997, "InternetReadFile failed: " + net.GetLastError());
            if (total >= PAUSE_AT) {
                break; // a read is pending now: close while it is outstanding
            }
            await(events, req, INTERNET_STATUS_REQUEST_COMPLETE, completions++);
            total += read.value;
        }
        say(out, "read %d of %d bytes (%d reads had to wait, their callbacks not shown);"
                + " a read is pending (997). InternetCloseHandle(request) now:", total, SIZE, completions - 1);
        boolean released = net.InternetCloseHandle(req);
        closed.countDown();
        say(out, "InternetCloseHandle -> %s, GetLastError() = %d (ERROR_IO_PENDING: a request was outstanding)",
                released, net.GetLastError());
        Event closing = await(events, req, INTERNET_STATUS_HANDLE_CLOSING, 0);
        net.InternetCloseHandle(inet);
        await(events, conn, INTERNET_STATUS_HANDLE_CLOSING, 0);

        List<Event> mine;
        synchronized (events) {
            mine = events.stream().filter(e -> e.handle == req).toList();
        }
        Event last = mine.get(mine.size() - 1);
        expect(last == closing, "HANDLE_CLOSING is the request's last callback");
        // WI-03/WI-04: the cancelled read's REQUEST_COMPLETE comes before HANDLE_CLOSING, with at most the
        // connection's CLOSING_CONNECTION and CONNECTION_CLOSED between them.
        int i = mine.size() - 2;
        while (i >= 0 && (mine.get(i).status == INTERNET_STATUS_CLOSING_CONNECTION
                || mine.get(i).status == INTERNET_STATUS_CONNECTION_CLOSED)) {
            i--;
        }
        Event cancelled = i >= 0 ? mine.get(i) : last;
        expect(cancelled.status == INTERNET_STATUS_REQUEST_COMPLETE
                && ((InternetAsyncResult) cancelled.info).dwError == 12017,
                "the pending read completed with ERROR_INTERNET_OPERATION_CANCELLED before HANDLE_CLOSING");
        say(out, "as WinINet does: REQUEST_COMPLETE(12017) for the cancelled read, the connection's close, then HANDLE_CLOSING, nothing after");
    }

    private static String describe(Object info) {
        if (info instanceof InternetAsyncResult r) {
            return "{dwResult=" + r.dwResult + ", dwError=" + r.dwError + "}";
        }
        if (info instanceof Long h) {
            return "handle 0x" + Long.toHexString(h);
        }
        return String.valueOf(info);
    }

    private static Event await(List<Event> events, long handle, int status, int skip) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        synchronized (events) {
            while (true) {
                int seen = 0;
                for (Event e : events) {
                    if (e.handle == handle && e.status == status && seen++ == skip) {
                        return e;
                    }
                }
                long left = end - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no status " + status + " for handle 0x" + Long.toHexString(handle));
                }
                events.wait(Math.max(1, left / 1_000_000));
            }
        }
    }

    private static void expect(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("unexpected: " + what);
        }
    }

    private static void say(PrintWriter out, String format, Object... args) {
        synchronized (out) {
            out.printf(format + "%n", args);
            out.flush();
        }
    }
}
