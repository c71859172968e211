package io.teardown.wlan.engine;

import io.teardown.api.Win32Error;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One client session's connection to the WLAN service, as the RPC binding behind a WLAN client handle:
 * numbered requests, their replies, and the notifications the service pushes.
 *
 * <p>Errors are Windows numbers: a connection the service lost (stopped, crashed, reset) fails every
 * call in flight and every later call with {@code RPC_S_SERVER_UNAVAILABLE} (1722, WL-04); a reply that
 * does not come within the timeout gives {@code RPC_S_CALL_FAILED} (1726); calls after the client closed
 * the connection itself give {@code ERROR_INVALID_HANDLE} (6, WL-08). Thread-safe.
 */
final class ServiceConnection implements WlanTransport.Listener {
    private static final System.Logger LOG = System.getLogger(ServiceConnection.class.getName());

    /** A reply: the service's DWORD result and, when it is 0, the body to read. */
    record Reply(int code, WlanProtocol.Reader body) {
        static Reply failed(Win32Error e) {
            return new Reply(e.code(), null);
        }
    }

    private final ConcurrentHashMap<Integer, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final Consumer<WlanProtocol.Frame> notifications;
    private final Duration timeout;
    private volatile WlanTransport.Channel channel;
    private volatile boolean lost;
    private volatile boolean closedLocally;

    private ServiceConnection(Consumer<WlanProtocol.Frame> notifications, Duration timeout) {
        this.notifications = notifications;
        this.timeout = timeout;
    }

    /**
     * Connects; the caller must {@link #close()} the result.
     *
     * @throws IOException when the service does not accept the connection
     */
    static ServiceConnection open(WlanTransport transport, InetSocketAddress address, Duration timeout,
                                  Consumer<WlanProtocol.Frame> notifications) throws IOException {
        ServiceConnection c = new ServiceConnection(notifications, timeout);
        c.channel = transport.connect(address, timeout, c);
        return c;
    }

    /** Sends a request and waits for its reply (or the connection's loss, or the timeout). */
    Reply call(byte kind, Consumer<WlanProtocol.Writer> body) {
        if (closedLocally) {
            return Reply.failed(Win32Error.ERROR_INVALID_HANDLE);
        }
        if (lost) {
            return Reply.failed(Win32Error.RPC_S_SERVER_UNAVAILABLE);
        }
        int id = ids.incrementAndGet();
        if (id == 0) {
            id = ids.incrementAndGet(); // 0 marks notifications
        }
        WlanProtocol.Writer w = WlanProtocol.frame(kind, id);
        body.accept(w);
        CompletableFuture<Reply> f = new CompletableFuture<>();
        pending.put(id, f);
        // Registered before the check, so a loss racing this call either sees the entry or we see the flag.
        if (lost || closedLocally) {
            pending.remove(id);
            return Reply.failed(closedLocally ? Win32Error.ERROR_INVALID_HANDLE : Win32Error.RPC_S_SERVER_UNAVAILABLE);
        }
        channel.send(w.toFrame());
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Reply.failed(Win32Error.RPC_S_CALL_FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.failed(Win32Error.RPC_S_CALL_FAILED);
        } catch (ExecutionException e) {
            return Reply.failed(Win32Error.RPC_S_CALL_FAILED);
        } finally {
            pending.remove(id);
        }
    }

    /** Whether the service end of the connection is gone. */
    boolean lost() {
        return lost;
    }

    /** Closes the connection (the service sees it end at once) and fails calls in flight. Idempotent. */
    void close() {
        closedLocally = true;
        failPending(Win32Error.ERROR_INVALID_HANDLE);
        WlanTransport.Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    @Override
    public void frame(byte[] bytes) {
        WlanProtocol.Frame frame;
        try {
            frame = WlanProtocol.decode(bytes);
        } catch (IllegalArgumentException e) {
            LOG.log(System.Logger.Level.WARNING, "dropping a malformed frame from the WLAN service", e);
            return;
        }
        if (frame.kind() == WlanProtocol.NOTIFY) {
            try {
                notifications.accept(frame);
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "dropping a malformed notification from the WLAN service", e);
            }
        } else if (frame.kind() == WlanProtocol.REPLY) {
            CompletableFuture<Reply> f = pending.remove(frame.id());
            if (f != null) {
                try {
                    f.complete(new Reply(frame.body().getInt(), frame.body()));
                } catch (IllegalArgumentException e) {
                    f.complete(Reply.failed(Win32Error.RPC_S_CALL_FAILED));
                }
            }
        }
    }

    @Override
    public void closed() {
        lost = true;
        failPending(closedLocally ? Win32Error.ERROR_INVALID_HANDLE : Win32Error.RPC_S_SERVER_UNAVAILABLE);
    }

    private void failPending(Win32Error e) {
        for (Integer id : pending.keySet()) {
            CompletableFuture<Reply> f = pending.remove(id);
            if (f != null) {
                f.complete(Reply.failed(e));
            }
        }
    }
}
