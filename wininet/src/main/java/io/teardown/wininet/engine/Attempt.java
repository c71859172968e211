package io.teardown.wininet.engine;

import io.teardown.api.Win32Error;
import io.teardown.wininet.WinInet;
import io.teardown.wininet.engine.HttpConnection.ExchangeListener;
import io.teardown.wininet.engine.HttpConnection.Header;
import io.teardown.wininet.engine.HttpConnection.ResponseHead;

/**
 * The transport's events for one attempt of a {@link RequestHandle}'s exchange on one connection, turned
 * into the request's state and reports (REQUEST_SENT … RESPONSE_RECEIVED, WI-10); stale ones — of a
 * cancelled, replaced or retried attempt — are dropped (WI-04).
 */
final class Attempt implements ExchangeListener {
    private final RequestHandle r;
    private final Exchange ex;
    private final HttpConnection c;

    Attempt(RequestHandle r, Exchange ex, HttpConnection c) {
        this.r = r;
        this.ex = ex;
        this.c = c;
    }

    private boolean live() {
        return !ex.dead && ex.connection == c;
    }

    @Override
    public void sent() {
        try (HandleLock.Held held = r.lock.hold()) {
            if (live() && ex.upload != null) {
                ex.upload.headSent = true; // HttpSendRequestEx completes; the body follows (Uploads)
                Uploads.started(r, held, ex);
            } else if (live()) {
                try (StatusChannel.Batch batch = r.channel.batch(held)) { // two callbacks, one wake-up
                    r.channel.post(held, WinInet.INTERNET_STATUS_REQUEST_SENT, ex.wireSize, 4);
                    r.channel.post(held, WinInet.INTERNET_STATUS_RECEIVING_RESPONSE, null, 0);
                }
            }
        }
        r.channel.wake(); // a quiet SENDING_REQUEST is delivered even if nothing was posted here
    }

    @Override
    public void head(ResponseHead head) {
        boolean demand;
        try (HandleLock.Held held = r.lock.hold()) {
            if (!live()) {
                return;
            }
            ex.head = head;
            int size = head.version().length() + head.reason().length() + 7;
            for (Header h : head.headers()) {
                size += h.name().length() + h.value().length() + 4;
            }
            // RESPONSE_RECEIVED + REQUEST_COMPLETE (or REDIRECT): one wake-up
            try (StatusChannel.Batch batch = r.channel.batch(held)) {
                r.channel.post(held, WinInet.INTERNET_STATUS_RESPONSE_RECEIVED, size + 2, 4);
                PendingOp op = r.pending(held);
                if (Redirects.start(r, held, ex, head)) {
                    op = null; // the send goes on to the new URL once this body is drained
                } else if (Redirects.refused(r, held, ex, head)) {
                    ex.refused = true; // failed below, outside the lock, as a failure before the response
                    op = null;
                }
                if (op != null && op.kind == PendingOp.Kind.SEND) {
                    r.finish(held, op, true, 0);
                }
            }
            demand = !ex.refused && !ex.ended && !ex.demanded;
            ex.demanded |= demand;
        }
        if (ex.refused) {
            Sending.fail(r, ex, c, Win32Error.ERROR_HTTP_REDIRECT_FAILED.code());
        } else if (demand) {
            c.demand();
        }
    }

    @Override
    public void content(HttpConnection.Chunk data) {
        boolean demand;
        try (HandleLock.Held held = r.lock.hold()) {
            if (!live()) {
                data.release();
                return;
            }
            ex.demanded = false;
            if (ex.redirect != null) {
                data.release(); // a redirect's body is drained, not read
                demand = true;
            } else {
                ex.body.add(data);
                if (!c.reportsReadBatches()) {
                    Reads.satisfyInBatch(r, held, ex);
                } // else a waiting read gets the whole batch at its end (received())
                demand = ex.wantsMore();
            }
            ex.demanded |= demand;
        }
        if (demand) {
            c.demand();
        }
    }

    @Override
    public void received() {
        try (HandleLock.Held held = r.lock.hold()) {
            if (live() && ex.redirect == null) {
                Reads.satisfyInBatch(r, held, ex); // one wake-up of the reader for the batch
            }
        }
    }

    @Override
    public void end(boolean keepAlive) {
        boolean follow;
        try (HandleLock.Held held = r.lock.hold()) {
            if (!live()) {
                return;
            }
            ex.ended = true;
            ex.keepAlive = keepAlive;
            // Park the connection before waking a reader at the end of the body: the reader's next
            // request on the same connection handle must find it (WI-01 reuse is then certain). A drained
            // redirect's connection is parked the same way, for the next hop to the same server.
            HttpConnection release = ex.releasable();
            if (release != null) {
                r.returnConnection(ex, release); // non-blocking; lock order request -> connection handle
            }
            follow = ex.redirect != null;
            if (!follow) {
                Reads.satisfyInBatch(r, held, ex);
            }
        }
        if (follow) {
            Redirects.follow(r, ex);
        }
    }

    @Override
    public void writing() {
        r.channel.wake(); // the queued SENDING_REQUEST must not wait for the whole body
    }

    @Override
    public void failed(int error) {
        Sending.fail(r, ex, c, error);
        r.channel.wake(); // as in sent()
    }
}
