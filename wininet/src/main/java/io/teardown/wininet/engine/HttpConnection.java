package io.teardown.wininet.engine;

import java.time.Duration;
import java.util.List;

/**
 * One open transport connection carrying one HTTP/1.1 exchange at a time. The engine decides reuse
 * (WI-01); the connection only reports whether the server allows it.
 */
public interface HttpConnection {
    /**
     * Sends {@code request} and reports the response to {@code listener}: {@link ExchangeListener#head},
     * then {@link ExchangeListener#content} as the engine asks for it with {@link #demand()}, then
     * {@link ExchangeListener#end} — or {@link ExchangeListener#failed} at any point. Waiting longer than
     * {@code receiveTimeout} for bytes the engine asked for fails with {@code ERROR_INTERNET_TIMEOUT}.
     */
    void exchange(OutgoingRequest request, Duration receiveTimeout, ExchangeListener listener);

    /**
     * Starts an exchange whose body the engine streams ({@code HttpSendRequestEx}): writes the head of
     * {@code request} and its {@code body} (the first bytes, may be empty), then calls
     * {@link ExchangeListener#sent} (or {@link ExchangeListener#writing} first, as for {@link #exchange});
     * the rest of the body goes through the returned {@link BodySink}, and nothing of the response is
     * read before {@link BodySink#end()}. A head with {@code Transfer-Encoding: chunked} carries the
     * application's own chunk framing: its bytes go on the wire as they are, and the connection is not
     * reused. A failed write is reported to {@link ExchangeListener#failed}.
     */
    BodySink stream(OutgoingRequest request, Duration receiveTimeout, ExchangeListener listener);

    /** The open body of a {@linkplain #stream streamed} request. Calls may come from any thread. */
    interface BodySink {
        /** Whether bytes written now would go out without waiting behind others (backpressure). */
        boolean writable();

        /**
         * Writes {@code data} after everything written before; {@code written} runs (on an I/O thread)
         * once it is on the socket. A failure goes to the exchange's listener instead.
         */
        void write(byte[] data, Runnable written);

        /** The body is complete: the response is read (head, content, end as for {@link #exchange}). */
        void end();
    }

    /**
     * Whether this transport promises, for every {@link #exchange}, to call {@link ExchangeListener#sent},
     * {@link ExchangeListener#failed} or {@link ExchangeListener#writing} promptly (in the task that starts
     * the write), or to be {@linkplain #close() closed} first. The engine then queues
     * {@code SENDING_REQUEST} without waking the callback thread: the callback that follows at once wakes
     * it for both.
     */
    default boolean reportsWriting() {
        return false;
    }

    /**
     * Whether this transport hands the body over in read batches: {@link ExchangeListener#content} for each
     * piece of one turn of reading, then {@link ExchangeListener#received()}. The engine then gives a
     * waiting read what the whole batch brought — one wake-up of the reader per batch instead of one per
     * piece. A transport without batches (the default) has every piece handed on at once.
     */
    default boolean reportsReadBatches() {
        return false;
    }

    /**
     * Asks for more body bytes (the transport reads no body the engine has not asked for). Called from inside
     * {@link ExchangeListener#content} it asks for the next piece of the same read batch: a transport that
     * {@linkplain #reportsReadBatches reports batches} goes on reading while each piece is answered so, and
     * stops where one is not (the engine's buffer is full: TCP back-pressure from there on).
     */
    void demand();

    /** Whether the connection is still open (an idle one may have been closed by the server). */
    boolean isOpen();

    /** Aborts the connection, discarding anything unread. Idempotent; no listener call follows. */
    void close();

    /**
     * A request as it goes on the wire (already validated: no CR or LF anywhere but between lines).
     *
     * @param method  the verb
     * @param target  the request target (path and query)
     * @param version {@code HTTP/1.1} or {@code HTTP/1.0}
     * @param headers the header lines, in order
     * @param body    the optional body (may be empty)
     */
    record OutgoingRequest(String method, String target, String version, List<Header> headers, byte[] body) {
    }

    /**
     * A piece of a response body as the transport received it, handed to the engine without copying:
     * the engine copies it once, into the application's {@code InternetReadFile} buffer, and then
     * releases it (also when the exchange is aborted or the handle closed with it unread). Used by one
     * thread at a time: under the request's lock, or by the reader that took it from the buffer there.
     */
    public interface Chunk {
        /** Bytes not read yet (0 once released). */
        int readable();

        /** Copies up to {@code length} unread bytes into {@code into} at {@code offset}; returns how many. */
        int read(byte[] into, int offset, int length);

        /**
         * Splits off the next {@code length} unread bytes ({@code 0 < length < readable()}) as a piece of their
         * own, released on its own, and moves past them: a read that ends inside this piece takes its part
         * away to copy without the lock. This default copies them; a transport whose bytes are
         * reference-counted buffers shares them instead.
         */
        default Chunk split(int length) {
            byte[] part = new byte[length];
            int n = read(part, 0, length);
            return new CopiedChunk(part, n);
        }

        /** Gives the bytes back to the transport. Idempotent. */
        void release();
    }

    /** One header line. */
    record Header(String name, String value) {
    }

    /**
     * A response head.
     *
     * @param version the protocol version, as received
     * @param status  the status code
     * @param reason  the reason phrase
     * @param headers the header lines, in order
     */
    record ResponseHead(String version, int status, String reason, List<Header> headers) {
    }

    /** What happens on an exchange. Calls arrive in order and never concurrently. */
    interface ExchangeListener {
        /** The request is written. */
        void sent();

        /** The write started but could not finish at once (a large body, a slow server); {@link #sent} follows. */
        default void writing() {
        }

        /** The response head arrived (1xx interim responses are skipped). */
        void head(ResponseHead head);

        /** Body bytes, owned by the engine from now on: it reads them once and then releases them. */
        void content(Chunk data);

        /**
         * The pieces of one read batch were all handed over ({@link HttpConnection#reportsReadBatches()}): a
         * read waiting for the body gets them now.
         */
        default void received() {
        }

        /** The body ended; {@code keepAlive} says whether the server allows another exchange. */
        void end(boolean keepAlive);

        /** The exchange failed; {@code error} is a WinINet error number. */
        void failed(int error);
    }
}
