package io.teardown.wininet.front;

import io.teardown.api.CloseEvent;
import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.Misuse;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.HandleTable;
import io.teardown.wininet.InternetBuffers;
import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.WinInet;
import io.teardown.wininet.front.InternetEntry.Kind;
import io.teardown.wininet.spi.WinInetDriver;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * {@link WinInet}, implemented once for every backend: the front every call goes through before a
 * {@link WinInetDriver} (the portable engine, or the JNA bindings) does the work.
 *
 * <ul>
 *   <li>HINTERNETs are values of the session's {@link HandleSpace#INTERNET} table, in a tree
 *       ({@link HandleTree}, WI-02); a value that names no open handle of this front fails with
 *       {@code ERROR_INVALID_HANDLE} (6) before anything else is looked at, a closed one too (WI-08),
 *       a child of a closed parent too (WI-02).</li>
 *   <li>Then the handle's type: {@code InternetConnect} and {@code InternetOpenUrl} take a session handle,
 *       {@code HttpOpenRequest} a connection handle, the request functions a request handle; any other
 *       gives {@code ERROR_INTERNET_INCORRECT_HANDLE_TYPE} (12018). The option and callback functions and
 *       {@code InternetCloseHandle} take any.</li>
 *   <li>Then the arguments a C caller passes as pointers and lengths (NULL out-parameters, a length
 *       beyond its buffer, an {@code INTERNET_BUFFERS} of the wrong size, a non-NULL reserved
 *       {@code lpBuffersOut}): {@code ERROR_INVALID_PARAMETER} (87). Only {@code InternetQueryOption}'s
 *       NULL size pointer is checked before the handle.</li>
 *   <li>A call holds a lease on its handle, so a close racing it frees the handle — and the driver
 *       releases it — only when the call returns (WI-07).</li>
 *   <li>{@code InternetCloseHandle} invalidates the handle and its subtree at once, has the driver cancel
 *       and report them deepest first (WI-01, WI-03, WI-04), sets 997 when operations were outstanding
 *       (WI-05), and reports every close, rejected ones with a misuse report, to the session.</li>
 *   <li>The last error: a failure sets it; the data functions ({@code HttpSendRequest}, the reads and
 *       writes, {@code HttpQueryInfo}, the options, a synchronous {@code InternetOpenUrl}) set 0 on
 *       success; the others leave it alone.</li>
 * </ul>
 *
 * <p>Thread-safe. One instance per {@link Session} and driver; closing it closes the driver. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/wininet.md">docs/wininet.md</a>, "Where the code is".
 */
public final class WinInetFront implements WinInet, AutoCloseable {
    private static final int INVALID_HANDLE = Win32Error.ERROR_INVALID_HANDLE.code();
    private static final int INCORRECT_HANDLE_TYPE = Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_TYPE.code();
    private static final int INVALID_PARAMETER = Win32Error.ERROR_INVALID_PARAMETER.code();
    private static final int IO_PENDING = Win32Error.ERROR_IO_PENDING.code();

    private final Session session;
    private final WinInetDriver driver;
    private final HandleTree tree;

    /** The front of {@code session} over {@code driver}, which must be the session's own. */
    public WinInetFront(Session session, WinInetDriver driver) {
        this.session = Objects.requireNonNull(session, "session");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.tree = new HandleTree(session, driver);
    }

    private boolean fail(int code) {
        session.lastError().set(code);
        return false;
    }

    private long failHandle(int code) {
        session.lastError().set(code);
        return 0;
    }

    /** A driver's answer: 0 succeeds (setting the last error to 0 where {@code clears}), anything else fails. */
    private boolean done(int error, boolean clears) {
        if (error != 0) {
            return fail(error);
        }
        if (clears) {
            session.lastError().set(0);
        }
        return true;
    }

    private long created(WinInetDriver.Created c, boolean clears) {
        if (c instanceof WinInetDriver.Created.Handle h) {
            if (clears) {
                session.lastError().set(0);
            }
            return h.value();
        }
        return failHandle(((WinInetDriver.Created.Failed) c).error());
    }

    /** A function that creates a child of {@code hParent}, which must be of kind {@code parentKind}. */
    private long child(long hParent, Kind parentKind, ToIntFunction<InternetEntry> args,
                       Function<InternetEntry, WinInetDriver.Created> work, boolean clears) {
        InternetEntry parent = tree.lease(hParent);
        if (parent == null) {
            return failHandle(INVALID_HANDLE);
        }
        try {
            if (parent.kind != parentKind) {
                return failHandle(INCORRECT_HANDLE_TYPE);
            }
            int bad = args.applyAsInt(parent);
            return bad != 0 ? failHandle(bad) : created(work.apply(parent), clears);
        } finally {
            tree.release(hParent);
        }
    }

    /**
     * A request function: the handle leased (6), a request handle (12018), the arguments ({@code args}: 0
     * or the error), then the work. The data functions' success clears the last error.
     */
    private boolean request(long hRequest, ToIntFunction<InternetEntry> args, ToIntFunction<WinInetDriver.Node> work,
                            boolean clears) {
        InternetEntry e = tree.lease(hRequest);
        if (e == null) {
            return fail(INVALID_HANDLE); // WI-02, WI-08
        }
        try {
            if (e.kind != Kind.REQUEST) {
                return fail(INCORRECT_HANDLE_TYPE);
            }
            int bad = args.applyAsInt(e);
            return bad != 0 ? fail(bad) : done(work.applyAsInt(e.node), clears);
        } finally {
            tree.release(hRequest);
        }
    }

    private static int none(InternetEntry e) {
        return 0;
    }

    /** {@code n} bytes of {@code buffer}: 87 for a negative count or one beyond the array (a NULL one included). */
    private static boolean badLength(byte[] buffer, int n) {
        return n < 0 || (n > 0 && (buffer == null || n > buffer.length));
    }

    /** An {@code INTERNET_BUFFERS} of the right size whose length fits its buffer. */
    private static boolean validBuffer(InternetBuffers b) {
        return b.dwStructSize == InternetBuffers.SIZE && !badLength(b.lpvBuffer, b.dwBufferLength);
    }

    // ---------------------------------------------------------------- handles

    @Override
    public long InternetOpen(String lpszAgent, int dwAccessType, String lpszProxy, String lpszProxyBypass, int dwFlags) {
        WinInetDriver.Registrar registrar = tree.registrar(null, Kind.SESSION, "InternetOpen",
                (dwFlags & INTERNET_FLAG_ASYNC) != 0);
        return created(driver.open(lpszAgent, dwAccessType, lpszProxy, lpszProxyBypass, dwFlags, registrar), false);
    }

    @Override
    public long InternetConnect(long hInternet, String lpszServerName, int nServerPort, String lpszUserName,
                                String lpszPassword, int dwService, int dwFlags, long dwContext) {
        return child(hInternet, Kind.SESSION, WinInetFront::none, p -> driver.connect(p.node, lpszServerName, nServerPort,
                lpszUserName, lpszPassword, dwService, dwFlags, dwContext,
                tree.registrar(p, Kind.CONNECT, "InternetConnect", p.async)), false);
    }

    @Override
    public long HttpOpenRequest(long hConnect, String lpszVerb, String lpszObjectName, String lpszVersion,
                                String lpszReferrer, String[] lplpszAcceptTypes, int dwFlags, long dwContext) {
        return child(hConnect, Kind.CONNECT, WinInetFront::none, p -> driver.openRequest(p.node, lpszVerb, lpszObjectName,
                lpszVersion, lpszReferrer, lplpszAcceptTypes, dwFlags, dwContext,
                tree.registrar(p, Kind.REQUEST, "HttpOpenRequest", p.async)), false);
    }

    @Override
    public long InternetOpenUrl(long hInternet, String lpszUrl, String lpszHeaders, int dwHeadersLength, int dwFlags,
                                long dwContext) {
        return child(hInternet, Kind.SESSION, p -> lpszUrl == null ? INVALID_PARAMETER : 0,
                p -> driver.openUrl(p.node, lpszUrl, lpszHeaders, dwHeadersLength, dwFlags, dwContext,
                        tree.registrar(p, Kind.REQUEST, "InternetOpenUrl", p.async)), true);
    }

    // ---------------------------------------------------------------- requests

    @Override
    public boolean HttpAddRequestHeaders(long hRequest, String lpszHeaders, int dwHeadersLength, int dwModifiers) {
        return request(hRequest, e -> lpszHeaders == null ? INVALID_PARAMETER : 0,
                n -> driver.addRequestHeaders(n, lpszHeaders, dwHeadersLength, dwModifiers), false);
    }

    @Override
    public boolean HttpSendRequest(long hRequest, String lpszHeaders, int dwHeadersLength, byte[] lpOptional,
                                   int dwOptionalLength) {
        return request(hRequest, e -> badLength(lpOptional, dwOptionalLength) ? INVALID_PARAMETER : 0,
                n -> driver.sendRequest(n, lpszHeaders, dwHeadersLength, lpOptional, dwOptionalLength), true);
    }

    @Override
    public boolean HttpSendRequestEx(long hRequest, InternetBuffers lpBuffersIn, InternetBuffers lpBuffersOut,
                                     int dwFlags, long dwContext) {
        // dwFlags and dwContext are reserved; Windows accepts any value (Wine's tests pass 0x28)
        return request(hRequest, e -> lpBuffersOut != null || (lpBuffersIn != null && !validBuffer(lpBuffersIn))
                        ? INVALID_PARAMETER : 0,
                n -> driver.sendRequestEx(n, lpBuffersIn, dwFlags, dwContext), true);
    }

    @Override
    public boolean InternetWriteFile(long hFile, byte[] lpBuffer, int dwNumberOfBytesToWrite,
                                     IntRef lpdwNumberOfBytesWritten) {
        return request(hFile, e -> lpdwNumberOfBytesWritten == null || badLength(lpBuffer, dwNumberOfBytesToWrite)
                        ? INVALID_PARAMETER : 0,
                n -> driver.writeFile(n, lpBuffer, dwNumberOfBytesToWrite, lpdwNumberOfBytesWritten), true);
    }

    @Override
    public boolean HttpEndRequest(long hRequest, InternetBuffers lpBuffersOut, int dwFlags, long dwContext) {
        // a non-NULL lpBuffersOut is 87, as Windows answers (Wine's tests record it)
        return request(hRequest, e -> lpBuffersOut != null ? INVALID_PARAMETER : 0,
                n -> driver.endRequest(n, dwFlags, dwContext), true);
    }

    @Override
    public boolean InternetReadFileEx(long hFile, InternetBuffers lpBuffersOut, int dwFlags, long dwContext) {
        return request(hFile, e -> lpBuffersOut == null || !validBuffer(lpBuffersOut) ? INVALID_PARAMETER : 0,
                n -> driver.readFileEx(n, lpBuffersOut, dwFlags, dwContext), true);
    }

    @Override
    public boolean InternetReadFile(long hFile, byte[] lpBuffer, int dwNumberOfBytesToRead, IntRef lpdwNumberOfBytesRead) {
        return request(hFile, e -> lpdwNumberOfBytesRead == null || badLength(lpBuffer, dwNumberOfBytesToRead)
                        ? INVALID_PARAMETER : 0,
                n -> driver.readFile(n, lpBuffer, dwNumberOfBytesToRead, lpdwNumberOfBytesRead), true);
    }

    @Override
    public boolean InternetQueryDataAvailable(long hFile, IntRef lpdwNumberOfBytesAvailable, int dwFlags, long dwContext) {
        // the count may be NULL in async mode only: REQUEST_COMPLETE carries it then
        return request(hFile, e -> dwFlags != 0 || (lpdwNumberOfBytesAvailable == null && !e.async) ? INVALID_PARAMETER : 0,
                n -> driver.queryDataAvailable(n, lpdwNumberOfBytesAvailable, dwFlags, dwContext), true);
    }

    @Override
    public boolean HttpQueryInfo(long hRequest, int dwInfoLevel, byte[] lpBuffer, IntRef lpdwBufferLength, IntRef lpdwIndex) {
        return request(hRequest, e -> lpdwBufferLength == null ? INVALID_PARAMETER : 0,
                n -> driver.queryInfo(n, dwInfoLevel, lpBuffer, lpdwBufferLength, lpdwIndex), true);
    }

    // ---------------------------------------------------------------- callbacks and options

    @Override
    public InternetStatusCallback InternetSetStatusCallback(long hInternet, InternetStatusCallback lpfnInternetCallback) {
        InternetEntry e = tree.lease(hInternet);
        if (e == null) {
            fail(INVALID_HANDLE);
            return INTERNET_INVALID_STATUS_CALLBACK;
        }
        try {
            Ref<InternetStatusCallback> previous = new Ref<>();
            int error = driver.setStatusCallback(e.node, lpfnInternetCallback, previous);
            if (error != 0) {
                fail(error);
                return INTERNET_INVALID_STATUS_CALLBACK;
            }
            return previous.value;
        } finally {
            tree.release(hInternet);
        }
    }

    @Override
    public boolean InternetSetOption(long hInternet, int dwOption, Object lpBuffer, int dwBufferLength) {
        if (hInternet == 0) {
            return done(driver.setOption(null, dwOption, lpBuffer, dwBufferLength), true);
        }
        InternetEntry e = tree.lease(hInternet);
        if (e == null) {
            return fail(INVALID_HANDLE);
        }
        try {
            return done(driver.setOption(e.node, dwOption, lpBuffer, dwBufferLength), true);
        } finally {
            tree.release(hInternet);
        }
    }

    @Override
    public boolean InternetQueryOption(long hInternet, int dwOption, Object lpBuffer, IntRef lpdwBufferLength) {
        if (lpdwBufferLength == null) {
            return fail(INVALID_PARAMETER);
        }
        if (hInternet == 0) {
            return done(driver.queryOption(null, dwOption, lpBuffer, lpdwBufferLength), true);
        }
        InternetEntry e = tree.lease(hInternet);
        if (e == null) {
            return fail(INVALID_HANDLE); // also once closed (WI-02, WI-08)
        }
        try {
            return done(driver.queryOption(e.node, dwOption, lpBuffer, lpdwBufferLength), true);
        } finally {
            tree.release(hInternet);
        }
    }

    // ---------------------------------------------------------------- closing

    @Override
    public boolean InternetCloseHandle(long hInternet) {
        long start = System.nanoTime();
        InternetEntry target = tree.peek(hInternet);
        List<InternetEntry> doomed = target == null ? null : tree.detach(target);
        if (doomed == null) {
            emitClose(hInternet, "(invalid)", INVALID_HANDLE, CloseEvent.Outcome.INVALID, start);
            fail(INVALID_HANDLE); // WI-08
            if (hInternet != 0) {
                // Windows reports nothing beyond the error; strict mode flags it (NULL never is, as KO-03)
                boolean stale = tree.table().check(hInternet) == HandleTable.Validity.STALE;
                session.misuse(new Misuse(stale ? Misuse.Kind.STALE_HANDLE : Misuse.Kind.INVALID_HANDLE,
                        "InternetCloseHandle", hInternet, 0, stale
                        ? "the value's slot belongs to a newer handle" : "not an open HINTERNET of this session"));
            }
            return false;
        }
        boolean outstanding = tree.close(doomed); // its callbacks run before it returns where the mode says
        int rc = target.releaseResult();
        if (rc != InternetEntry.PENDING && rc != 0 && rc != IO_PENDING) {
            emitClose(hInternet, target.function, rc, CloseEvent.Outcome.OS_ERROR, start);
            return fail(rc);
        }
        outstanding |= rc == IO_PENDING;
        if (outstanding) {
            session.lastError().set(IO_PENDING); // WI-05
        }
        emitClose(hInternet, target.function, 0, rc == InternetEntry.PENDING ? CloseEvent.Outcome.DEFERRED_BEHIND_CALL
                : outstanding ? CloseEvent.Outcome.CANCELLED : CloseEvent.Outcome.CLOSED, start);
        return true;
    }

    private void emitClose(long h, String type, int error, CloseEvent.Outcome outcome, long start) {
        if (session.closeEvents().enabled()) {
            session.closeEvents().emit(HandleSpace.INTERNET, "InternetCloseHandle", h, type, error, outcome, start);
        }
    }

    @Override
    public int GetLastError() {
        return session.lastError().get();
    }

    /** Closes the driver (its threads, its native memory); the handles are the session's. */
    @Override
    public void close() {
        driver.close();
    }

    @Override
    public String toString() {
        return "WinInetFront[" + session.name() + ", " + driver + "]";
    }
}
