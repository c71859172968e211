package io.teardown.wininet.engine;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * What the portable WinINet engine needs from a network stack: TCP(+TLS) connections that carry
 * HTTP/1.1 exchanges and can be aborted. The engine keeps every WinINet rule (handle tree, callbacks,
 * keep-alive reuse policy, cancellation); a transport only moves bytes and reports what happened.
 *
 * <p>Listeners may be called on any thread (an I/O thread, typically) and must not block; the
 * engine never calls user code from them.
 */
public interface HttpTransport extends AutoCloseable {
    /**
     * Opens a connection to {@code endpoint}; {@code listener} hears exactly one of
     * {@link ConnectListener#connected} or {@link ConnectListener#failed}, unless the returned
     * {@link Cancellable} is cancelled first (then it may hear nothing).
     */
    Cancellable connect(Endpoint endpoint, ConnectListener listener);

    /** Whether the calling thread is one of the transport's I/O threads (blocking there is refused). */
    boolean onTransportThread();

    /** Releases the transport's own resources; connections are closed by the engine before. */
    @Override
    void close();

    /**
     * Where to connect.
     *
     * @param address        the resolved address
     * @param host           the host name as given (SNI, Host header, certificate check)
     * @param secure         HTTPS
     * @param securityFlags  {@code SECURITY_FLAG_IGNORE_*} bits relaxing the certificate checks
     * @param connectTimeout {@code INTERNET_OPTION_CONNECT_TIMEOUT}
     */
    record Endpoint(InetSocketAddress address, String host, boolean secure, int securityFlags,
                    Duration connectTimeout) {
    }

    /** Something that can be stopped. Idempotent. */
    interface Cancellable {
        /** Stops it; no listener call is promised afterwards. */
        void cancel();
    }

    /** Outcome of {@link #connect}. */
    interface ConnectListener {
        /** The TCP (and TLS) connection is up. */
        void connected(HttpConnection connection);

        /** It could not be established; {@code error} is a WinINet error number. */
        void failed(int error);
    }
}
