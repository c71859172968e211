package io.teardown.wininet.engine;

import io.teardown.wininet.engine.HttpConnection.OutgoingRequest;
import io.teardown.wininet.engine.HttpConnection.ResponseHead;
import io.teardown.wininet.engine.HttpTransport.Cancellable;
import java.util.List;

/**
 * One HttpSendRequest (or InternetOpenUrl) and its response on a {@link RequestHandle}: the connection
 * it runs on, the body received and not yet read, and how it ended. Fields guarded by the request's
 * lock; a dead exchange's transport events are dropped (WI-04).
 */
final class Exchange {
    final OutgoingRequest request;
    final int wireSize;
    /** The header lines of the call itself (HttpSendRequest's {@code lpszHeaders}), sent again on a redirect. */
    final List<HttpConnection.Header> extra;
    HttpConnection connection;
    Cancellable connecting;
    boolean reused;
    boolean retried;
    boolean dead;
    ResponseHead head;
    /** The body received and not read yet. */
    final BodyBuffer body = new BodyBuffer();
    boolean ended;
    boolean keepAlive;
    int failure;
    boolean demanded;
    boolean released;
    /** Redirects followed before this exchange (WinINet's limit, {@link Redirects#MAX_REDIRECTS}). */
    int hops;
    /** The absolute URL this response redirects to, while its body is drained; else null. */
    String redirect;
    /** A redirect that cannot be followed (too many hops, another scheme): the send fails with 12156. */
    boolean refused;
    /** The body the application streams ({@code HttpSendRequestEx}), or null for a body sent whole. */
    Upload upload;

    Exchange(OutgoingRequest request, int wireSize, List<HttpConnection.Header> extra) {
        this.request = request;
        this.wireSize = wireSize;
        this.extra = extra;
    }

    boolean wantsMore() {
        return !ended && failure == 0 && !dead && !demanded && head != null && body.size() < RequestHandle.HIGH_WATER;
    }

    /** The connection, once the body was read to the end (WI-01: only then may it be reused). */
    HttpConnection releasable() {
        if (ended && body.size() == 0 && !released && connection != null) {
            released = true;
            HttpConnection c = connection;
            connection = null;
            return c;
        }
        return null;
    }

    /**
     * Marks the exchange dead and returns what discards it, to run outside the lock: an unread
     * response means the connection is closed, not reused (WI-01).
     */
    Runnable abort(HandleLock.Held held) {
        dead = true;
        body.discard();
        HttpConnection c = released ? null : connection;
        Cancellable pendingConnect = connecting;
        connection = null;
        connecting = null;
        return () -> {
            if (pendingConnect != null) {
                pendingConnect.cancel();
            }
            if (c != null) {
                c.close();
            }
        };
    }
}
