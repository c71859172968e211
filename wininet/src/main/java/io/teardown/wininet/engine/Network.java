package io.teardown.wininet.engine;

import io.teardown.api.Win32Error;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.ObjIntConsumer;

/** What requests reach the network through: the backend's {@link HttpTransport} and a name resolver. */
final class Network implements AutoCloseable {
    private final HttpTransport transport;
    private final ExecutorService resolver;

    Network(HttpTransport transport, String sessionName) {
        this.transport = transport;
        this.resolver = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "teardown-wininet-resolver-" + sessionName);
            t.setDaemon(true);
            return t;
        });
    }

    HttpTransport transport() {
        return transport;
    }

    /** Resolves {@code host} off the caller's thread; {@code done} gets the address or a WinINet error. */
    void resolve(String host, ObjIntConsumer<InetAddress> done) {
        try {
            resolver.execute(() -> {
                InetAddress a;
                try {
                    a = InetAddress.getByName(host);
                } catch (UnknownHostException | SecurityException e) {
                    done.accept(null, Win32Error.ERROR_INTERNET_NAME_NOT_RESOLVED.code());
                    return;
                }
                done.accept(a, 0);
            });
        } catch (RejectedExecutionException closed) {
            done.accept(null, Win32Error.ERROR_INTERNET_OPERATION_CANCELLED.code());
        }
    }

    @Override
    public void close() {
        resolver.shutdownNow();
        transport.close();
    }
}
