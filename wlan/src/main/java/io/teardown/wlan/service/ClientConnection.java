package io.teardown.wlan.service;

import io.teardown.api.Win32Error;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.engine.WlanProtocol;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.security.MessageDigest;
import java.util.UUID;

/**
 * One client session's connection to the emulated WLAN service (one per {@code WlanOpenHandle}),
 * served by its own thread: the handshake with the per-start secret, then one request at a time
 * ({@link WlanProtocol}) answered from the service's {@link VirtualAir}, and the notifications the
 * service sends to it. Closing the client's handle ends the connection (WL-01); a crashed service
 * resets it (WL-04). See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/wlan.md">docs/wlan.md</a>.
 */
final class ClientConnection {
    private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());

    private final WlanService service;
    private final VirtualAir air;
    private final Socket socket;
    private final byte[] secret;
    private final DataInputStream in;
    private final OutputStream out;
    private volatile boolean greeted;
    private volatile int sources;

    ClientConnection(WlanService service, VirtualAir air, Socket socket, byte[] secret) throws IOException {
        this.service = service;
        this.air = air;
        this.socket = socket;
        this.secret = secret;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 8192));
        this.out = new BufferedOutputStream(socket.getOutputStream(), 65536);
    }

    /** Whether the client is past the handshake. */
    boolean greeted() {
        return greeted;
    }

    /** Whether the client registered for notifications of {@code source}. */
    boolean registeredFor(int source) {
        return greeted && (sources & source) != 0;
    }

    /** The connection's thread: requests until the client closes, the service stops or a request is bad. */
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
                if (!service.awaitThawed(socket)) {
                    return;
                }
                if (!handle(f)) {
                    return;
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(System.Logger.Level.DEBUG, "WLAN service connection ended: " + e);
        } finally {
            service.forget(this);
            WlanService.closeQuietly(socket);
        }
    }

    /** Handles one request; false ends the connection. */
    private boolean handle(WlanProtocol.Frame f) {
        WlanProtocol.Reader r = f.body();
        switch (f.kind()) {
            case WlanProtocol.HELLO -> {
                return hello(f, r.getInt(), r.getBytes());
            }
            case WlanProtocol.ENUM_INTERFACES -> {
                WlanProtocol.Writer w = WlanProtocol.frame(WlanProtocol.REPLY, f.id()).putInt(0);
                air.writeInterfaces(w);
                send(w.toFrame(), 1);
            }
            case WlanProtocol.SCAN -> {
                UUID iface = r.getUuid();
                boolean known = air.knows(iface);
                reply(f, known ? 0 : Win32Error.ERROR_NOT_FOUND.code());
                if (known) {
                    service.broadcast(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_scan_complete,
                            iface, null, 1);
                }
            }
            case WlanProtocol.GET_NETWORKS -> {
                WlanProtocol.Writer w = WlanProtocol.frame(WlanProtocol.REPLY, f.id()).putInt(0);
                if (air.writeNetworks(r.getUuid(), w)) {
                    send(w.toFrame(), 1);
                } else {
                    reply(f, Win32Error.ERROR_NOT_FOUND.code());
                }
            }
            case WlanProtocol.CONNECT -> connect(f, r.getUuid(), r.getString());
            case WlanProtocol.DISCONNECT -> disconnect(f, r.getUuid());
            case WlanProtocol.REGISTER -> {
                sources = r.getInt();
                reply(f, 0);
            }
            default -> reply(f, Win32Error.ERROR_NOT_SUPPORTED.code());
        }
        return true;
    }

    /** The handshake: the secret of this start, then a version both sides speak; false ends the connection. */
    private boolean hello(WlanProtocol.Frame f, int version, byte[] presented) {
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

    private void connect(WlanProtocol.Frame f, UUID iface, String ssid) {
        VirtualAir.Attempt attempt = air.connect(iface, ssid);
        if (attempt == VirtualAir.Attempt.NO_INTERFACE) {
            reply(f, Win32Error.ERROR_NOT_FOUND.code());
            return;
        }
        // WlanConnect only starts the attempt; its outcome comes as notifications, as on Windows.
        reply(f, 0);
        int acm = WlanApi.WLAN_NOTIFICATION_SOURCE_ACM;
        int msm = WlanApi.WLAN_NOTIFICATION_SOURCE_MSM;
        service.broadcast(acm, WlanApi.wlan_notification_acm_connection_start, iface,
                WlanService.connectionData(0, ssid), 1);
        if (attempt == VirtualAir.Attempt.CONNECTED) {
            service.broadcast(msm, WlanApi.wlan_notification_msm_associating, iface, null, 1);
            service.broadcast(msm, WlanApi.wlan_notification_msm_associated, iface, null, 1);
            service.broadcast(msm, WlanApi.wlan_notification_msm_connected, iface, null, 1);
            service.broadcast(acm, WlanApi.wlan_notification_acm_connection_complete, iface,
                    WlanService.connectionData(WlanService.WLAN_REASON_CODE_SUCCESS, ssid), 1);
        } else {
            byte[] data = WlanService.connectionData(WlanService.WLAN_REASON_CODE_NETWORK_NOT_AVAILABLE, ssid);
            service.broadcast(acm, WlanApi.wlan_notification_acm_connection_attempt_fail, iface, data, 1);
            service.broadcast(acm, WlanApi.wlan_notification_acm_connection_complete, iface, data, 1);
        }
    }

    private void disconnect(WlanProtocol.Frame f, UUID iface) {
        VirtualAir.Disconnected d = air.disconnect(iface);
        if (!d.known()) {
            reply(f, Win32Error.ERROR_NOT_FOUND.code());
            return;
        }
        reply(f, 0);
        if (d.was() != null) {
            byte[] data = WlanService.connectionData(WlanService.WLAN_REASON_CODE_SUCCESS, d.was());
            service.broadcast(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_disconnecting,
                    iface, data, 1);
            service.broadcast(WlanApi.WLAN_NOTIFICATION_SOURCE_MSM, WlanApi.wlan_notification_msm_disconnected,
                    iface, data, 1);
            service.broadcast(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, WlanApi.wlan_notification_acm_disconnected,
                    iface, data, 1);
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

    /** Ends the connection: with a FIN, or with an RST ({@code reset}) as a crashed service's would end. */
    void kill(boolean reset) {
        service.forget(this);
        if (reset) {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "SO_LINGER failed", e);
            }
        }
        WlanService.closeQuietly(socket);
    }
}
