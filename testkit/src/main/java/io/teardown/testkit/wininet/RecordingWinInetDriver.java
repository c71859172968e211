package io.teardown.testkit.wininet;

import io.teardown.api.IntRef;
import io.teardown.api.Ref;
import io.teardown.wininet.InternetBuffers;
import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.spi.WinInetDriver;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * A {@link WinInetDriver} that records every call that reaches it, then passes it on to a backend's real
 * driver: put the WinINet front over it and a test sees which calls the front let through (an invalid,
 * closed or wrong-typed handle and a bad argument must reach nothing, WI-02, WI-08) and when a closed
 * handle is released (WI-07). The names are the driver's methods: {@code "open"}, {@code "connect"},
 * {@code "readFile"}, {@code "doClose"}, {@code "release"} … ({@code bound} and {@code invalidated} are
 * passed on unrecorded). Thread-safe.
 */
public final class RecordingWinInetDriver implements WinInetDriver {
    private final WinInetDriver driver;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Runnable> during = new ConcurrentHashMap<>();

    /** Records the calls made to {@code driver}. */
    public RecordingWinInetDriver(WinInetDriver driver) {
        this.driver = Objects.requireNonNull(driver, "driver");
    }

    /** The calls that reached the driver so far, oldest first. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** How often {@code name} reached the driver. */
    public long count(String name) {
        return calls.stream().filter(name::equals).count();
    }

    /** Forgets the calls recorded so far. */
    public void clear() {
        calls.clear();
    }

    /** Runs {@code action} whenever {@code name} reaches the driver, after recording it and before passing it on. */
    public void during(String name, Runnable action) {
        during.put(name, action);
    }

    private int reached(String name, IntSupplier call) {
        enter(name);
        return call.getAsInt();
    }

    private Created created(String name, Supplier<Created> call) {
        enter(name);
        return call.get();
    }

    private void enter(String name) {
        calls.add(name);
        Runnable r = during.get(name);
        if (r != null) {
            r.run();
        }
    }

    @Override
    public void bound(Node node, long value) {
        driver.bound(node, value);
    }

    @Override
    public void invalidated(Node node) {
        driver.invalidated(node);
    }

    @Override
    public boolean doClose(List<Node> doomed) {
        enter("doClose");
        return driver.doClose(doomed);
    }

    @Override
    public int release(Node node, boolean withParent) {
        return reached("release", () -> driver.release(node, withParent));
    }

    @Override
    public Created open(String lpszAgent, int dwAccessType, String lpszProxy, String lpszProxyBypass, int dwFlags,
                        Registrar registrar) {
        return created("open", () -> driver.open(lpszAgent, dwAccessType, lpszProxy, lpszProxyBypass, dwFlags, registrar));
    }

    @Override
    public Created connect(Node session, String lpszServerName, int nServerPort, String lpszUserName,
                           String lpszPassword, int dwService, int dwFlags, long dwContext, Registrar registrar) {
        return created("connect", () -> driver.connect(session, lpszServerName, nServerPort, lpszUserName, lpszPassword,
                dwService, dwFlags, dwContext, registrar));
    }

    @Override
    public Created openRequest(Node connect, String lpszVerb, String lpszObjectName, String lpszVersion,
                               String lpszReferrer, String[] lplpszAcceptTypes, int dwFlags, long dwContext,
                               Registrar registrar) {
        return created("openRequest", () -> driver.openRequest(connect, lpszVerb, lpszObjectName, lpszVersion,
                lpszReferrer, lplpszAcceptTypes, dwFlags, dwContext, registrar));
    }

    @Override
    public Created openUrl(Node session, String lpszUrl, String lpszHeaders, int dwHeadersLength, int dwFlags,
                           long dwContext, Registrar registrar) {
        return created("openUrl", () -> driver.openUrl(session, lpszUrl, lpszHeaders, dwHeadersLength, dwFlags,
                dwContext, registrar));
    }

    @Override
    public int addRequestHeaders(Node request, String lpszHeaders, int dwHeadersLength, int dwModifiers) {
        return reached("addRequestHeaders", () -> driver.addRequestHeaders(request, lpszHeaders, dwHeadersLength,
                dwModifiers));
    }

    @Override
    public int sendRequest(Node request, String lpszHeaders, int dwHeadersLength, byte[] lpOptional,
                           int dwOptionalLength) {
        return reached("sendRequest", () -> driver.sendRequest(request, lpszHeaders, dwHeadersLength, lpOptional,
                dwOptionalLength));
    }

    @Override
    public int sendRequestEx(Node request, InternetBuffers lpBuffersIn, int dwFlags, long dwContext) {
        return reached("sendRequestEx", () -> driver.sendRequestEx(request, lpBuffersIn, dwFlags, dwContext));
    }

    @Override
    public int writeFile(Node request, byte[] lpBuffer, int dwNumberOfBytesToWrite, IntRef lpdwNumberOfBytesWritten) {
        return reached("writeFile", () -> driver.writeFile(request, lpBuffer, dwNumberOfBytesToWrite,
                lpdwNumberOfBytesWritten));
    }

    @Override
    public int endRequest(Node request, int dwFlags, long dwContext) {
        return reached("endRequest", () -> driver.endRequest(request, dwFlags, dwContext));
    }

    @Override
    public int readFile(Node request, byte[] lpBuffer, int dwNumberOfBytesToRead, IntRef lpdwNumberOfBytesRead) {
        return reached("readFile", () -> driver.readFile(request, lpBuffer, dwNumberOfBytesToRead, lpdwNumberOfBytesRead));
    }

    @Override
    public int readFileEx(Node request, InternetBuffers lpBuffersOut, int dwFlags, long dwContext) {
        return reached("readFileEx", () -> driver.readFileEx(request, lpBuffersOut, dwFlags, dwContext));
    }

    @Override
    public int queryDataAvailable(Node request, IntRef lpdwNumberOfBytesAvailable, int dwFlags, long dwContext) {
        return reached("queryDataAvailable", () -> driver.queryDataAvailable(request, lpdwNumberOfBytesAvailable,
                dwFlags, dwContext));
    }

    @Override
    public int queryInfo(Node request, int dwInfoLevel, byte[] lpBuffer, IntRef lpdwBufferLength, IntRef lpdwIndex) {
        return reached("queryInfo", () -> driver.queryInfo(request, dwInfoLevel, lpBuffer, lpdwBufferLength, lpdwIndex));
    }

    @Override
    public int setStatusCallback(Node node, InternetStatusCallback lpfnInternetCallback,
                                 Ref<InternetStatusCallback> previous) {
        return reached("setStatusCallback", () -> driver.setStatusCallback(node, lpfnInternetCallback, previous));
    }

    @Override
    public int setOption(Node node, int dwOption, Object lpBuffer, int dwBufferLength) {
        return reached("setOption", () -> driver.setOption(node, dwOption, lpBuffer, dwBufferLength));
    }

    @Override
    public int queryOption(Node node, int dwOption, Object lpBuffer, IntRef lpdwBufferLength) {
        return reached("queryOption", () -> driver.queryOption(node, dwOption, lpBuffer, lpdwBufferLength));
    }

    @Override
    public void close() {
        driver.close();
    }

    @Override
    public String toString() {
        return "Recording[" + driver + "]";
    }
}
