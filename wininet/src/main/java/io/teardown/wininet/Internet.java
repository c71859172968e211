package io.teardown.wininet;

import io.teardown.api.Session;

/**
 * The object API's root: a session handle from {@code InternetOpen}. Typed, {@link AutoCloseable}
 * handles over the same engine as the flat {@link WinInet} (any backend); failures throw
 * {@link io.teardown.api.Win32Exception} with the number the flat call leaves in {@code GetLastError}.
 *
 * <pre>{@code
 * try (Internet inet = Internet.of(session);
 *      HttpRequest req = inet.openUrl("http://localhost:8080/", 0)) {
 *     byte[] body = req.readAll();
 * }   // InternetCloseHandle, deepest first (WI-02, WI-03)
 * }</pre>
 */
public final class Internet extends InternetObject {
    /** The user agent {@link #of(Session)} sends. */
    public static final String DEFAULT_AGENT = "Teardown";

    private final Session session;

    private Internet(Session session, WinInet api, long handle) {
        super(session, api, null, handle, "InternetOpen");
        this.session = session;
    }

    /**
     * Opens a synchronous session with the agent {@code "Teardown"}: the object API's entry point, the
     * same {@code X.of(session)} shape as {@code Winsock.of} and {@code KernelObjects.of}. Each call opens a
     * new {@code InternetOpen} handle that the caller closes.
     */
    public static Internet of(Session session) {
        return of(session, DEFAULT_AGENT, 0);
    }

    /** A synchronous session ({@code InternetOpen(agent, INTERNET_OPEN_TYPE_DIRECT, …, 0)}). */
    public static Internet of(Session session, String agent) {
        return of(session, agent, 0);
    }

    /** A session with {@code InternetOpen} flags, {@code INTERNET_FLAG_ASYNC} for instance. */
    public static Internet of(Session session, String agent, int flags) {
        WinInet api = WinInet.of(session);
        long h = check(api, api.InternetOpen(agent, WinInet.INTERNET_OPEN_TYPE_DIRECT, null, null, flags), "InternetOpen");
        return new Internet(session, api, h);
    }

    /** {@code InternetSetStatusCallback}: children created afterwards inherit it. */
    public void statusCallback(InternetStatusCallback callback) {
        if (api.InternetSetStatusCallback(handle, callback) == WinInet.INTERNET_INVALID_STATUS_CALLBACK) {
            check(api, false, "InternetSetStatusCallback");
        }
    }

    /** {@code InternetConnect} to an HTTP server. */
    public InternetConnection connect(String host, int port, long context) {
        long h = check(api, api.InternetConnect(handle, host, port, null, null, WinInet.INTERNET_SERVICE_HTTP, 0, context),
                "InternetConnect");
        return new InternetConnection(session, api, this, h);
    }

    /** {@code InternetOpenUrl} in a synchronous session: the request, its response head received. */
    public HttpRequest openUrl(String url, long context) {
        long h = check(api, api.InternetOpenUrl(handle, url, null, 0, 0, context), "InternetOpenUrl");
        return new HttpRequest(session, api, this, h);
    }
}
