package io.teardown.wininet;

import io.teardown.api.Session;

/** A connection handle from {@code InternetConnect}; its requests reuse its keep-alive connections (WI-01). */
public final class InternetConnection extends InternetObject {
    private final Session session;

    InternetConnection(Session session, WinInet api, Internet parent, long handle) {
        super(session, api, parent, handle, "InternetConnect");
        this.session = session;
    }

    /** {@code HttpOpenRequest}. */
    public HttpRequest openRequest(String verb, String path, int flags, long context) {
        long h = InternetObject.check(api, api.HttpOpenRequest(handle, verb, path, null, null, null, flags, context),
                "HttpOpenRequest");
        return new HttpRequest(session, api, this, h);
    }
}
