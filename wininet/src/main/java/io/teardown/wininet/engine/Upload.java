package io.teardown.wininet.engine;

/**
 * The open body of a request started with {@code HttpSendRequestEx}: how much the application announced
 * ({@code Content-Length}, or -1 for a chunked body it frames itself), how much it wrote, and the
 * transport's sink once the head is on its way. Guarded by the request's lock, as its {@link Exchange}.
 * See docs/wininet.md ("Uploads").
 */
final class Upload {
    /** The announced length, or -1 (chunked: the application's framing, no length check). */
    final long announced;
    /** Bytes written so far, the first ones of {@code HttpSendRequestEx} included. */
    long written;
    /** Where the body goes; null until the transport took the head. */
    HttpConnection.BodySink sink;
    /** The head and the first bytes are on the socket. */
    boolean headSent;
    /** {@code HttpEndRequest} was called: no more writes. */
    boolean ended;

    Upload(long announced, long written) {
        this.announced = announced;
        this.written = written;
    }

    /** Whether {@code n} more bytes would exceed the announced length. */
    boolean exceeds(long n) {
        return announced >= 0 && written + n > announced;
    }

    /** Whether every announced byte was written (always, for a chunked body). */
    boolean complete() {
        return announced < 0 || written == announced;
    }

    /** Whether the application may write now: the head is sent and the body is still open. */
    boolean open() {
        return sink != null && headSent && !ended;
    }
}
