package io.teardown.benchmarks.wininet;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.benchmarks.netty.RawNetty;
import io.teardown.wininet.WinInet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A keep-alive HTTP/1.1 GET of {@code size} bytes through the flat {@link WinInet} facade (sync and
 * async: {@code HttpOpenRequest} → {@code HttpSendRequest} → {@code InternetReadFile} until 0 →
 * {@code InternetCloseHandle}), against the JDK {@link HttpClient} (HTTP/1.1, sync and async) and a
 * raw Netty client that also copies the body into the caller's byte array, all against the same
 * {@code com.sun.net.httpserver} server. Each side reuses its
 * connection (the connect handle, the client, the channel); one request at a time.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
@State(Scope.Thread)
public class WinInetGetBenchmark {
    @Param({"1024", "1048576"})
    public int size;

    private HttpFixture server;
    private Session session;
    private WinInet api;
    private long syncInet;
    private long syncConn;
    private long asyncInet;
    private long asyncConn;
    private final AsyncWaiter waiter = new AsyncWaiter();
    private HttpClient jdk;
    private HttpRequest jdkRequest;
    private RawNetty netty;
    private NettyHttpClient nettyClient;
    private String path;
    private final byte[] buffer = new byte[64 * 1024];
    private final IntRef read = new IntRef();

    @Setup
    public void setUp() throws Exception {
        server = new HttpFixture();
        path = "/bytes/" + size;
        session = Session.open();
        api = WinInet.of(session);
        syncInet = api.InternetOpen("teardown-bench", WinInet.INTERNET_OPEN_TYPE_DIRECT, null, null, 0);
        syncConn = api.InternetConnect(syncInet, "127.0.0.1", server.port(), null, null, WinInet.INTERNET_SERVICE_HTTP, 0, 1);
        asyncInet = api.InternetOpen("teardown-bench", WinInet.INTERNET_OPEN_TYPE_DIRECT, null, null, WinInet.INTERNET_FLAG_ASYNC);
        api.InternetSetStatusCallback(asyncInet, waiter);
        asyncConn = api.InternetConnect(asyncInet, "127.0.0.1", server.port(), null, null, WinInet.INTERNET_SERVICE_HTTP, 0, 1);
        if (syncConn == 0 || asyncConn == 0) {
            throw new IllegalStateException("InternetConnect failed: " + api.GetLastError());
        }
        jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        jdkRequest = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).GET().build();
        netty = new RawNetty();
        nettyClient = new NettyHttpClient(netty, server.port());
    }

    @TearDown
    public void tearDown() throws Exception {
        nettyClient.close();
        netty.close();
        api.InternetCloseHandle(syncInet);
        api.InternetCloseHandle(asyncInet);
        session.close();
        server.close();
    }

    private long open(long conn) {
        long req = api.HttpOpenRequest(conn, "GET", path, null, null, null,
                WinInet.INTERNET_FLAG_KEEP_CONNECTION | WinInet.INTERNET_FLAG_RELOAD | WinInet.INTERNET_FLAG_NO_CACHE_WRITE, 2);
        if (req == 0) {
            throw new IllegalStateException("HttpOpenRequest failed: " + api.GetLastError());
        }
        return req;
    }

    private int check(long total, long req) {
        api.InternetCloseHandle(req);
        if (total != size) {
            throw new IllegalStateException("read " + total + " of " + size + " bytes");
        }
        return (int) total;
    }

    /** Synchronous WinINet: every call blocks until done. */
    @Benchmark
    public int teardownSyncGet() {
        long req = open(syncConn);
        if (!api.HttpSendRequest(req, null, 0, null, 0)) {
            throw new IllegalStateException("HttpSendRequest failed: " + api.GetLastError());
        }
        long total = 0;
        while (true) {
            if (!api.InternetReadFile(req, buffer, buffer.length, read)) {
                throw new IllegalStateException("InternetReadFile failed: " + api.GetLastError());
            }
            if (read.value == 0) {
                return check(total, req);
            }
            total += read.value;
        }
    }

    /** Asynchronous WinINet: a call returns ERROR_IO_PENDING and REQUEST_COMPLETE reports it done (WI-10). */
    @Benchmark
    public int teardownAsyncGet() throws InterruptedException {
        long req = open(asyncConn);
        waiter.watch(req);
        if (!api.HttpSendRequest(req, null, 0, null, 0)) {
            pending("HttpSendRequest");
        }
        long total = 0;
        while (true) {
            if (!api.InternetReadFile(req, buffer, buffer.length, read)) {
                pending("InternetReadFile");
            }
            if (read.value == 0) {
                return check(total, req);
            }
            total += read.value;
        }
    }

    private void pending(String what) throws InterruptedException {
        int error = api.GetLastError();
        if (error != Win32Error.ERROR_IO_PENDING.code()) {
            throw new IllegalStateException(what + " failed: " + error);
        }
        int done = waiter.awaitComplete();
        if (done != 0) {
            throw new IllegalStateException(what + " completed with " + done);
        }
    }

    /** JDK HttpClient, HTTP/1.1, {@code send}. */
    @Benchmark
    public int jdkHttpClientGet() throws Exception {
        return jdk.send(jdkRequest, HttpResponse.BodyHandlers.ofByteArray()).body().length;
    }

    /** JDK HttpClient, HTTP/1.1, {@code sendAsync} and wait. */
    @Benchmark
    public int jdkHttpClientAsyncGet() {
        return jdk.sendAsync(jdkRequest, HttpResponse.BodyHandlers.ofByteArray()).join().body().length;
    }

    /**
     * Raw Netty: write the request, wait for the aggregated response, copy its body into the same 64 KiB
     * buffer the WinINet methods read into (issue 20's baseline: the copy is part of getting the body).
     */
    @Benchmark
    public int nettyGet() throws Exception {
        return nettyClient.get(path, buffer);
    }
}
