package io.teardown.wlan.service;

import io.teardown.api.Session;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.engine.WlanProtocol;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * The emulated WLAN service ({@code wlansvc}): virtual interfaces and networks that a test or a demo
 * scripts, reached by client sessions over real loopback TCP connections (one per
 * {@code WlanOpenHandle}), so that {@code WlanCloseHandle} really closes a connection to a server and a
 * stopped or crashed service really is a lost connection (WL-01, WL-04).
 *
 * <p>It listens on {@code 127.0.0.1} only and accepts only clients that present the secret chosen at
 * each start: in-process clients get it from {@link #endpoint()}; when the service runs as its own
 * process ({@link WlanServiceMain}) it writes port and secret to an owner-only file
 * ({@link #standalone(Path, int)}). Written on plain JDK sockets (one thread per connection) so it is
 * independent of the client transport under test.
 *
 * <pre>{@code
 * WlanService service = WlanService.embedded(session);   // the session's own service, running
 * UUID wifi = service.addInterface("Emulated Wi-Fi");
 * service.addNetwork(wifi, "HomeNet", 80, true);
 * service.setSignalQuality(wifi, "HomeNet", 35);         // msm_signal_quality_change if connected
 * service.crash();                                       // clients see RPC_S_SERVER_UNAVAILABLE
 * }</pre>
 *
 * Thread-safe.
 */
public final class WlanService implements AutoCloseable {
    /** {@code WLAN_REASON_CODE_SUCCESS}. */
    public static final int WLAN_REASON_CODE_SUCCESS = 0;
    /** {@code WLAN_REASON_CODE_NETWORK_NOT_AVAILABLE}: the connection target is not in range. */
    public static final int WLAN_REASON_CODE_NETWORK_NOT_AVAILABLE = 0x28002;

    private static final System.Logger LOG = System.getLogger(WlanService.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * Where a running service listens and the secret it expects.
     *
     * @param address the loopback address and port
     * @param secret  the per-start secret
     */
    public record Endpoint(InetSocketAddress address, byte[] secret) {
        /** Copies the secret. */
        public Endpoint {
            secret = secret.clone();
        }

        @Override
        public byte[] secret() {
            return secret.clone();
        }
    }

    private final String name;
    private final SecretFile secretFile;
    private final int requestedPort;
    private final VirtualAir air = new VirtualAir();
    private final Set<ClientConnection> connections = new CopyOnWriteArraySet<>();
    // Guarded by this.
    private ServerSocket server;
    private Endpoint endpoint;
    private volatile boolean running;
    private final Object freezeLock = new Object();
    // Guarded by freezeLock.
    private boolean frozen;

    private WlanService(String name, SecretFile secretFile, int port) {
        this.name = name;
        this.secretFile = secretFile;
        this.requestedPort = port;
    }

    /**
     * The session's embedded service (the default {@code teardown.wlan.service=embedded}), started on
     * first use and stopped when the session closes.
     */
    public static WlanService embedded(Session session) {
        return session.component(WlanService.class, s -> {
            WlanService service = new WlanService("embedded WLAN service of " + s.name(), null, 0);
            service.start();
            return service;
        });
    }

    /** A new service that is not started yet, on an ephemeral loopback port. */
    public static WlanService create(String name) {
        return new WlanService(Objects.requireNonNull(name, "name"), null, 0);
    }

    /**
     * A new service for running as its own process: each {@link #start()} writes the port and a fresh
     * secret to {@code secretFile}, readable by its owner only; clients name it with
     * {@code -Dteardown.wlan.secretFile}. Not started yet.
     *
     * @param port the loopback port, 0 for an ephemeral one
     */
    public static WlanService standalone(Path secretFile, int port) {
        return new WlanService("WLAN service (" + secretFile + ")", new SecretFile(secretFile), port);
    }

    /**
     * Starts listening on 127.0.0.1 with a new secret. Does nothing if running.
     *
     * @throws UncheckedIOException if the port cannot be bound or the secret file written
     */
    public synchronized void start() {
        if (running) {
            return;
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        try {
            ServerSocket ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 128);
            InetSocketAddress at = (InetSocketAddress) ss.getLocalSocketAddress();
            if (secretFile != null) {
                try {
                    secretFile.write(at.getPort(), secret);
                } catch (IOException e) {
                    ss.close();
                    throw e;
                }
            }
            server = ss;
            endpoint = new Endpoint(at, secret);
            running = true;
            Thread acceptor = new Thread(() -> accept(ss, secret), "wlan-service-accept-" + at.getPort());
            acceptor.setDaemon(true);
            acceptor.start();
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": cannot start", e);
        }
    }

    /** Stops gracefully: the listener closes and every client connection is closed (FIN). Idempotent. */
    public void stop() {
        shutdown(false);
    }

    /**
     * Crashes: the listener closes and every client connection is reset (RST), as when the service
     * process dies. Clients' calls then fail with {@code RPC_S_SERVER_UNAVAILABLE}. Idempotent.
     */
    public void crash() {
        shutdown(true);
    }

    /** Stops (gracefully) and starts again, with a new port and secret; interfaces and networks stay. */
    public void restart() {
        stop();
        start();
    }

    /**
     * Hangs: connections stay open but requests are no longer answered (notifications already sent
     * stay sent), as a service stuck in a deadlock would. Clients' calls then fail with
     * {@code RPC_S_CALL_FAILED} after their RPC timeout. {@link #thaw()} resumes.
     */
    public void freeze() {
        synchronized (freezeLock) {
            frozen = true;
        }
    }

    /** Answers requests again after {@link #freeze()}; requests that waited are answered now. */
    public void thaw() {
        synchronized (freezeLock) {
            frozen = false;
            freezeLock.notifyAll();
        }
    }

    /** Whether it accepts clients now. */
    public boolean isRunning() {
        return running;
    }

    /** Where it listens and the secret it expects, while running. */
    public synchronized Optional<Endpoint> endpoint() {
        return running ? Optional.of(endpoint) : Optional.empty();
    }

    /** How many client sessions are connected (and past the handshake) now. */
    public int clients() {
        int n = 0;
        for (ClientConnection c : connections) {
            if (c.greeted()) {
                n++;
            }
        }
        return n;
    }

    /** Waits until exactly {@code n} client sessions are connected; false on timeout. */
    public boolean awaitClients(int n, Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (clients() != n) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(2);
        }
        return true;
    }

    /** Adds a virtual interface (disconnected, no networks) and announces it; returns its GUID. */
    public UUID addInterface(String description) {
        UUID guid = air.addInterface(description);
        broadcast(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_interface_arrival, guid, null, 1);
        return guid;
    }

    /** Removes an interface and announces it. */
    public void removeInterface(UUID guid) {
        if (air.removeInterface(guid)) {
            broadcast(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_interface_removal, guid, null, 1);
        }
    }

    /** Puts a network in range of an interface (or updates it). */
    public void addNetwork(UUID iface, String ssid, int signalQuality, boolean secured) {
        air.addNetwork(iface, ssid, clamp(signalQuality), secured);
    }

    /** Takes a network out of range; an interface connected to it is disconnected. */
    public void removeNetwork(UUID iface, String ssid) {
        if (air.removeNetwork(iface, ssid)) {
            byte[] data = connectionData(WLAN_REASON_CODE_NETWORK_NOT_AVAILABLE, ssid);
            broadcast(WlanApi.WLAN_NOTIFICATION_SOURCE_MSM, WlanApi.wlan_notification_msm_disconnected, iface, data, 1);
            broadcast(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_disconnected, iface, data, 1);
        }
    }

    /**
     * Changes a network's signal quality (0 … 100); if the interface is connected to it, registered
     * sessions get {@code wlan_notification_msm_signal_quality_change} with the new value.
     */
    public void setSignalQuality(UUID iface, String ssid, int quality) {
        if (air.setSignalQuality(iface, ssid, clamp(quality))) {
            broadcast(WlanApi.WLAN_NOTIFICATION_SOURCE_MSM, WlanApi.wlan_notification_msm_signal_quality_change,
                    iface, ulong(clamp(quality)), 1);
        }
    }

    /**
     * Sends one notification {@code times} times to every client session registered for its source (a
     * flood, for tests). Returns how many sessions it was sent to.
     */
    public int broadcast(int source, int code, UUID iface, byte[] data, int times) {
        byte[] frame = WlanProtocol.frame(WlanProtocol.NOTIFY, 0).putInt(source).putInt(code).putUuid(iface)
                .putBytes(data).toFrame();
        int reached = 0;
        for (ClientConnection c : connections) {
            if (c.registeredFor(source) && c.send(frame, times)) {
                reached++;
            }
        }
        return reached;
    }

    /** Stops the service. */
    @Override
    public void close() {
        stop();
    }

    @Override
    public String toString() {
        return name + (running ? " on " + endpoint.address() : " (stopped)");
    }

    private void shutdown(boolean reset) {
        ServerSocket ss;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            ss = server;
            server = null;
        }
        closeQuietly(ss);
        for (ClientConnection c : connections) {
            c.kill(reset);
        }
        if (secretFile != null) {
            secretFile.delete();
        }
    }

    private void accept(ServerSocket ss, byte[] secret) {
        while (!ss.isClosed()) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                return; // closed by stop/crash
            }
            try {
                s.setTcpNoDelay(true);
                ClientConnection c = new ClientConnection(this, air, s, secret);
                connections.add(c);
                if (ss.isClosed()) {
                    c.kill(true);
                    continue;
                }
                Thread t = new Thread(c::serve, "wlan-service-client-" + s.getPort());
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                closeQuietly(s);
            }
        }
    }

    /** Waits while the service is frozen; false if {@code socket} was closed meanwhile. */
    boolean awaitThawed(Socket socket) throws IOException {
        synchronized (freezeLock) {
            while (frozen && !socket.isClosed()) {
                try {
                    freezeLock.wait(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while frozen");
                }
            }
        }
        return !socket.isClosed();
    }

    /** A connection has ended: it no longer counts as a client nor gets notifications. */
    void forget(ClientConnection c) {
        connections.remove(c);
    }

    private static int clamp(int quality) {
        return Math.max(0, Math.min(100, quality));
    }

    static byte[] ulong(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    /** Connection notifications carry the reason code (ULONG, little-endian) then the SSID's octets. */
    static byte[] connectionData(int reason, String ssid) {
        byte[] s = ssid.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + s.length).order(ByteOrder.LITTLE_ENDIAN).putInt(reason).put(s).array();
    }

    static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed", e);
        }
    }

    /**
     * Reads the port and secret a service running as its own process wrote to {@code secretFile}
     * (see {@link #standalone(Path, int)}).
     *
     * @throws IOException if it cannot be read, is malformed, or others may read it
     */
    public static Endpoint readSecretFile(Path secretFile) throws IOException {
        return SecretFile.read(secretFile);
    }

    /** Snapshot of the interfaces' GUIDs, in the order they were added. */
    public List<UUID> interfaces() {
        return air.interfaces();
    }
}
