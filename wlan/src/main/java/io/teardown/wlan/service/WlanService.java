package io.teardown.wlan.service;

import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.engine.WlanProtocol;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    private final Object model = new Object();
    // Guarded by model.
    private final Map<UUID, VirtualInterface> interfaces = new LinkedHashMap<>();
    private final Set<Connection> connections = new CopyOnWriteArraySet<>();
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
        for (Connection c : connections) {
            if (c.greeted) {
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
        UUID guid = UUID.randomUUID();
        synchronized (model) {
            interfaces.put(guid, new VirtualInterface(guid, description));
        }
        broadcast(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_interface_arrival, guid, null, 1);
        return guid;
    }

    /** Removes an interface and announces it. */
    public void removeInterface(UUID guid) {
        VirtualInterface removed;
        synchronized (model) {
            removed = interfaces.remove(guid);
        }
        if (removed != null) {
            broadcast(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_interface_removal, guid, null, 1);
        }
    }

    /** Puts a network in range of an interface (or updates it). */
    public void addNetwork(UUID iface, String ssid, int signalQuality, boolean secured) {
        synchronized (model) {
            require(iface).networks.put(ssid, new VirtualNetwork(ssid, clamp(signalQuality), secured));
        }
    }

    /** Takes a network out of range; an interface connected to it is disconnected. */
    public void removeNetwork(UUID iface, String ssid) {
        boolean wasConnected;
        synchronized (model) {
            VirtualInterface i = require(iface);
            i.networks.remove(ssid);
            wasConnected = ssid.equals(i.connected);
            if (wasConnected) {
                i.connected = null;
            }
        }
        if (wasConnected) {
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
        boolean connected;
        synchronized (model) {
            VirtualInterface i = require(iface);
            VirtualNetwork n = i.networks.get(ssid);
            if (n == null) {
                throw new IllegalArgumentException("no network " + ssid + " on " + iface);
            }
            i.networks.put(ssid, new VirtualNetwork(ssid, clamp(quality), n.secured()));
            connected = ssid.equals(i.connected);
        }
        if (connected) {
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
        for (Connection c : connections) {
            if (c.greeted && (c.sources & source) != 0 && c.send(frame, times)) {
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
        for (Connection c : connections) {
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
                Connection c = new Connection(s, secret);
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

    private VirtualInterface require(UUID iface) {
        VirtualInterface i = interfaces.get(iface);
        if (i == null) {
            throw new IllegalArgumentException("no interface " + iface);
        }
        return i;
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

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed", e);
        }
    }

    /** One client session's connection, served by its own thread. */
    private final class Connection {
        private final Socket socket;
        private final byte[] secret;
        private final DataInputStream in;
        private final OutputStream out;
        private volatile boolean greeted;
        private volatile int sources;

        Connection(Socket socket, byte[] secret) throws IOException {
            this.socket = socket;
            this.secret = secret;
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 8192));
            this.out = new BufferedOutputStream(socket.getOutputStream(), 65536);
        }

        void serve() {
            try {
                for (;;) {
                    int len;
                    try {
                        len = in.readInt();
                    } catch (EOFException e) {
                        return; // the client closed its handle
                    }
                    if (len < 5 || len > WlanProtocol.MAX_FRAME) {
                        return;
                    }
                    byte[] bytes = new byte[len];
                    in.readFully(bytes);
                    WlanProtocol.Frame f = WlanProtocol.decode(bytes);
                    if (!greeted && f.kind() != WlanProtocol.HELLO) {
                        return;
                    }
                    if (!awaitThawed()) {
                        return;
                    }
                    if (!handle(f)) {
                        return;
                    }
                }
            } catch (IOException | IllegalArgumentException e) {
                LOG.log(System.Logger.Level.DEBUG, "WLAN service connection ended: " + e);
            } finally {
                connections.remove(this);
                closeQuietly(socket);
            }
        }

        /** Waits while the service is frozen; false if the connection was closed meanwhile. */
        private boolean awaitThawed() throws IOException {
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

        /** Handles one request; false ends the connection. */
        private boolean handle(WlanProtocol.Frame f) {
            WlanProtocol.Reader r = f.body();
            switch (f.kind()) {
                case WlanProtocol.HELLO -> {
                    int version = r.getInt();
                    byte[] presented = r.getBytes();
                    if (presented == null || !MessageDigest.isEqual(presented, secret)) {
                        reply(f, Win32Error.ERROR_ACCESS_DENIED.code());
                        return false;
                    }
                    if (version != WlanApi.WLAN_API_VERSION_1_0 && version != WlanApi.WLAN_API_VERSION_2_0) {
                        reply(f, Win32Error.ERROR_NOT_SUPPORTED.code());
                        return false;
                    }
                    greeted = true;
                    send(WlanProtocol.frame(WlanProtocol.REPLY, f.id()).putInt(0).putInt(version).toFrame(), 1);
                    return true;
                }
                case WlanProtocol.ENUM_INTERFACES -> {
                    WlanProtocol.Writer w = WlanProtocol.frame(WlanProtocol.REPLY, f.id()).putInt(0);
                    synchronized (model) {
                        w.putInt(interfaces.size());
                        for (VirtualInterface i : interfaces.values()) {
                            w.putUuid(i.guid).putString(i.description).putInt(i.connected == null
                                    ? WlanApi.wlan_interface_state_disconnected : WlanApi.wlan_interface_state_connected);
                        }
                    }
                    send(w.toFrame(), 1);
                    return true;
                }
                case WlanProtocol.SCAN -> {
                    UUID iface = r.getUuid();
                    boolean known;
                    synchronized (model) {
                        known = interfaces.containsKey(iface);
                    }
                    reply(f, known ? 0 : Win32Error.ERROR_NOT_FOUND.code());
                    if (known) {
                        broadcast(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_scan_complete,
                                iface, null, 1);
                    }
                    return true;
                }
                case WlanProtocol.GET_NETWORKS -> {
                    UUID iface = r.getUuid();
                    WlanProtocol.Writer w;
                    synchronized (model) {
                        VirtualInterface i = interfaces.get(iface);
                        if (i == null) {
                            reply(f, Win32Error.ERROR_NOT_FOUND.code());
                            return true;
                        }
                        w = WlanProtocol.frame(WlanProtocol.REPLY, f.id()).putInt(0).putInt(i.networks.size());
                        for (VirtualNetwork n : i.networks.values()) {
                            int flags = WlanApi.WLAN_AVAILABLE_NETWORK_HAS_PROFILE
                                    | (n.ssid().equals(i.connected) ? WlanApi.WLAN_AVAILABLE_NETWORK_CONNECTED : 0);
                            w.putString(n.ssid()).putInt(n.quality()).putBool(n.secured()).putInt(flags);
                        }
                    }
                    send(w.toFrame(), 1);
                    return true;
                }
                case WlanProtocol.CONNECT -> {
                    connect(f, r.getUuid(), r.getString());
                    return true;
                }
                case WlanProtocol.DISCONNECT -> {
                    disconnect(f, r.getUuid());
                    return true;
                }
                case WlanProtocol.REGISTER -> {
                    sources = r.getInt();
                    reply(f, 0);
                    return true;
                }
                default -> {
                    reply(f, Win32Error.ERROR_NOT_SUPPORTED.code());
                    return true;
                }
            }
        }

        private void connect(WlanProtocol.Frame f, UUID iface, String ssid) {
            boolean inRange;
            synchronized (model) {
                VirtualInterface i = interfaces.get(iface);
                if (i == null) {
                    reply(f, Win32Error.ERROR_NOT_FOUND.code());
                    return;
                }
                inRange = i.networks.containsKey(ssid);
                if (inRange) {
                    i.connected = ssid;
                }
            }
            // WlanConnect only starts the attempt; its outcome comes as notifications, as on Windows.
            reply(f, 0);
            int acm = WlanApi.WLAN_NOTIFICATION_SOURCE_ACM;
            int msm = WlanApi.WLAN_NOTIFICATION_SOURCE_MSM;
            broadcast(acm, WlanApi.wlan_notification_acm_connection_start, iface, connectionData(0, ssid), 1);
            if (inRange) {
                broadcast(msm, WlanApi.wlan_notification_msm_associating, iface, null, 1);
                broadcast(msm, WlanApi.wlan_notification_msm_associated, iface, null, 1);
                broadcast(msm, WlanApi.wlan_notification_msm_connected, iface, null, 1);
                broadcast(acm, WlanApi.wlan_notification_acm_connection_complete, iface,
                        connectionData(WLAN_REASON_CODE_SUCCESS, ssid), 1);
            } else {
                byte[] data = connectionData(WLAN_REASON_CODE_NETWORK_NOT_AVAILABLE, ssid);
                broadcast(acm, WlanApi.wlan_notification_acm_connection_attempt_fail, iface, data, 1);
                broadcast(acm, WlanApi.wlan_notification_acm_connection_complete, iface, data, 1);
            }
        }

        private void disconnect(WlanProtocol.Frame f, UUID iface) {
            String was;
            synchronized (model) {
                VirtualInterface i = interfaces.get(iface);
                if (i == null) {
                    reply(f, Win32Error.ERROR_NOT_FOUND.code());
                    return;
                }
                was = i.connected;
                i.connected = null;
            }
            reply(f, 0);
            if (was != null) {
                byte[] data = connectionData(WLAN_REASON_CODE_SUCCESS, was);
                broadcast(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_disconnecting, iface, data, 1);
                broadcast(WlanApi.WLAN_NOTIFICATION_SOURCE_MSM, WlanApi.wlan_notification_msm_disconnected, iface, data, 1);
                broadcast(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_disconnected, iface, data, 1);
            }
        }

        private void reply(WlanProtocol.Frame f, int code) {
            send(WlanProtocol.frame(WlanProtocol.REPLY, f.id()).putInt(code).toFrame(), 1);
        }

        /** Writes a frame {@code times} times, then flushes; false if the connection is gone. */
        boolean send(byte[] frame, int times) {
            try {
                synchronized (out) {
                    for (int k = 0; k < times; k++) {
                        out.write(frame);
                    }
                    out.flush();
                }
                return true;
            } catch (IOException e) {
                kill(true);
                return false;
            }
        }

        void kill(boolean reset) {
            connections.remove(this);
            if (reset) {
                try {
                    socket.setSoLinger(true, 0);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "SO_LINGER failed", e);
                }
            }
            closeQuietly(socket);
        }
    }

    /** A virtual wireless adapter. Guarded by {@code model}. */
    private static final class VirtualInterface {
        final UUID guid;
        final String description;
        final Map<String, VirtualNetwork> networks = new LinkedHashMap<>();
        String connected;

        VirtualInterface(UUID guid, String description) {
            this.guid = guid;
            this.description = description;
        }
    }

    /** A network in range of an interface. */
    private record VirtualNetwork(String ssid, int quality, boolean secured) {
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
        synchronized (model) {
            return new ArrayList<>(interfaces.keySet());
        }
    }
}
