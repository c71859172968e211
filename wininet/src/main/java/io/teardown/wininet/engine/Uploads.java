package io.teardown.wininet.engine;

import io.teardown.api.Win32Error;
import io.teardown.wininet.WinInet;
import java.util.Arrays;

/**
 * The body calls of an upload on a {@link RequestHandle}: {@code HttpSendRequestEx} completes once the
 * head is on the socket ({@link #started}); {@code InternetWriteFile} streams bytes through the
 * transport's {@link HttpConnection.BodySink} — waiting for the socket when synchronous, and when async
 * returning at once while the connection takes bytes without waiting, else pending until they are
 * written (backpressure); {@code HttpEndRequest} ends the body and waits for the response head like a
 * send. Reports follow Windows: SENDING_REQUEST/REQUEST_SENT per write, RECEIVING_RESPONSE/
 * RESPONSE_RECEIVED for the end, REQUEST_COMPLETE when async (WI-10, WI-11). A close cancels whatever
 * is pending and aborts the connection (WI-01, WI-04). See docs/wininet.md ("Uploads").
 */
final class Uploads {
    private Uploads() {
    }

    /** What a write or end call decided under the lock. */
    record Outcome(boolean ok, int error, boolean pending) {
        static final Outcome PENDING = new Outcome(false, 0, true);
        static final Outcome DONE = new Outcome(true, 0, false);

        static Outcome failed(int error) {
            return new Outcome(false, error, false);
        }

        static Outcome failed(Win32Error error) {
            return failed(error.code());
        }
    }

    /**
     * The transport took the head (its {@code sent()}), or the sink is known: when both are true the
     * pending {@code HttpSendRequestEx} completes with REQUEST_SENT (and REQUEST_COMPLETE when async).
     */
    static void started(RequestHandle r, HandleLock.Held held, Exchange ex) {
        Upload u = ex.upload;
        if (u.sink == null || !u.headSent) {
            return;
        }
        PendingOp op = r.pendingSend(held);
        if (op != null) {
            r.channel.post(held, WinInet.INTERNET_STATUS_REQUEST_SENT, ex.wireSize, 4);
            r.finish(held, op, true, 0);
        }
    }

    /** 0 when the application may write to (or end) the upload now, else the error number. */
    private static int check(RequestHandle r, HandleLock.Held held, Exchange ex) {
        if (r.closing(held)) {
            return Win32Error.ERROR_INTERNET_OPERATION_CANCELLED.code();
        }
        if (ex == null || ex.upload == null || ex.dead || r.pending(held) != null || !ex.upload.open()) {
            // not started with HttpSendRequestEx, still connecting, ended, or another call pending
            return Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_STATE.code();
        }
        return ex.failure;
    }

    /** InternetWriteFile of {@code op.length} bytes of {@code op.buffer}. */
    static Outcome write(RequestHandle r, PendingOp op) {
        byte[] data = Arrays.copyOf(op.buffer, op.length);
        try (HandleLock.Held held = r.lock.hold()) {
            Exchange ex = r.exchange(held);
            int error = check(r, held, ex);
            if (error != 0) {
                return Outcome.failed(error);
            }
            Upload u = ex.upload;
            if (u.exceeds(data.length)) {
                return Outcome.failed(Win32Error.ERROR_INVALID_PARAMETER); // more than Content-Length announced
            }
            if (data.length == 0) {
                op.out.value = 0;
                return Outcome.DONE;
            }
            u.written += data.length;
            // async and the connection takes the bytes without waiting: done now, as Windows on a fast
            // link; a later failure of these bytes fails the next write or the end
            boolean waits = !op.async || !u.sink.writable();
            try (StatusChannel.Batch batch = r.channel.batch(held)) {
                r.channel.post(held, WinInet.INTERNET_STATUS_SENDING_REQUEST, null, 0);
                if (waits) {
                    r.begin(held, op);
                } else {
                    r.channel.post(held, WinInet.INTERNET_STATUS_REQUEST_SENT, data.length, 4);
                    op.out.value = data.length;
                }
            }
            // handed on under the lock, so bytes go out in the order they were counted; the sink only
            // queues them for its I/O thread and calls nothing back here
            u.sink.write(data, waits ? () -> written(r, ex, op, data.length) : () -> { });
            return waits ? Outcome.PENDING : Outcome.DONE;
        }
    }

    /** The bytes of a waiting write are on the socket. */
    private static void written(RequestHandle r, Exchange ex, PendingOp op, int n) {
        try (HandleLock.Held held = r.lock.hold()) {
            if (ex.dead || r.pending(held) != op) {
                return; // cancelled by a close (WI-04) or failed meanwhile
            }
            try (StatusChannel.Batch batch = r.channel.batch(held)) {
                r.channel.post(held, WinInet.INTERNET_STATUS_REQUEST_SENT, n, 4);
                op.out.value = n;
                r.finish(held, op, true, 0);
            }
        }
    }

    /** HttpEndRequest: ends the body; {@code op} (a send) completes with the response head. */
    static Outcome end(RequestHandle r, PendingOp op) {
        try (HandleLock.Held held = r.lock.hold()) {
            Exchange ex = r.exchange(held);
            int error = check(r, held, ex);
            if (error != 0) {
                return Outcome.failed(error);
            }
            if (!ex.upload.complete()) {
                // Windows would wait for a response the server cannot send yet (the body is short)
                return Outcome.failed(Win32Error.ERROR_INTERNET_INCORRECT_HANDLE_STATE);
            }
            ex.upload.ended = true;
            r.begin(held, op);
            r.channel.post(held, WinInet.INTERNET_STATUS_RECEIVING_RESPONSE, null, 0);
            ex.upload.sink.end(); // queued for the I/O thread, as write()
            return Outcome.PENDING;
        }
    }
}
