package io.teardown.wininet.engine;

import io.teardown.wininet.engine.HttpConnection.OutgoingRequest;
import io.teardown.wininet.engine.HttpConnection.ResponseHead;
import io.teardown.wininet.engine.HttpTransport.Cancellable;
import java.util.ArrayDeque;
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
    final ArrayDeque<HttpConnection.Chunk> body = new ArrayDeque<>(4);
    long buffered;
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

    void add(HttpConnection.Chunk data) {
        int n = data.readable();
        if (n > 0) {
            body.add(data);
            buffered += n;
        } else {
            data.release();
        }
    }

    /** Copies up to {@code max} buffered bytes into {@code into} (the only copy), releasing used chunks. */
    int take(byte[] into, int max) {
        int n = 0;
        while (n < max && !body.isEmpty()) {
            HttpConnection.Chunk first = body.peekFirst();
            n += first.read(into, n, max - n);
            if (first.readable() == 0) {
                body.pollFirst();
                first.release();
            }
        }
        buffered -= n;
        return n;
    }

    /** Releases whatever body is still buffered (the exchange is being discarded). */
    void discardBody() {
        HttpConnection.Chunk c;
        while ((c = body.pollFirst()) != null) {
            c.release();
        }
        buffered = 0;
    }

    boolean wantsMore() {
        return !ended && failure == 0 && !dead && !demanded && head != null && buffered < RequestHandle.HIGH_WATER;
    }

    /** The connection, once the body was read to the end (WI-01: only then may it be reused). */
    HttpConnection releasable() {
        if (ended && buffered == 0 && !released && connection != null) {
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
        discardBody();
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
