package io.teardown.wlan.engine;

import io.teardown.api.IntRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.wlan.DOT11_SSID;
import io.teardown.wlan.WLAN_AVAILABLE_NETWORK;
import io.teardown.wlan.WLAN_AVAILABLE_NETWORK_LIST;
import io.teardown.wlan.WLAN_CONNECTION_PARAMETERS;
import io.teardown.wlan.WLAN_INTERFACE_INFO;
import io.teardown.wlan.WLAN_INTERFACE_INFO_LIST;
import io.teardown.wlan.WLAN_NOTIFICATION_CALLBACK;
import io.teardown.wlan.WLAN_NOTIFICATION_DATA;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.service.WlanService;
import io.teardown.wlan.spi.WlanDriver;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntSupplier;

/**
 * The portable WLAN engine: the {@link WlanDriver} that does each call's work in plain Java, over a
 * {@link WlanTransport} to the (emulated) WLAN service. Each {@code WlanOpenHandle} opens one real
 * connection to the service; each client session has its own notification queue and callback thread
 * ({@link NotificationDispatcher}). The front in front of it checks the arguments and the handles.
 *
 * <p>Rules it does: WL-01 (versions: the service checks them in the handshake), WL-04 (service not
 * running: 1062, before the version; service lost: 1722; a hung service: 1726 after
 * {@code teardown.wlan.rpcTimeoutMillis}; releasing still works), WL-05 (queued notifications discarded
 * when notifications stop), WL-06 (a running callback is waited for), WL-07's deferral (a session closed
 * from its own callback finishes when the callback returns). See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/wlan.md">docs/wlan.md</a>.
 */
public final class EmulatedWlanDriver implements WlanDriver {
    /** How long a call waits for the service's reply, in milliseconds (default 10000). */
    public static final String RPC_TIMEOUT_PROPERTY = "teardown.wlan.rpcTimeoutMillis";

    private static final int OK = 0;
    private static final int INVALID_PARAMETER = Win32Error.ERROR_INVALID_PARAMETER.code();

    private final Session session;
    private final WlanTransport transport;
    private final WlanServiceLocator locator;
    private final Duration rpcTimeout;

    /**
     * The engine for one session.
     *
     * @throws IllegalArgumentException if the session's {@code teardown.wlan.*} properties are malformed
     */
    public EmulatedWlanDriver(Session session, WlanTransport transport) {
        this.session = session;
        this.transport = transport;
        this.locator = new WlanServiceLocator(session);
        this.rpcTimeout = Duration.ofMillis(Long.parseLong(session.property(RPC_TIMEOUT_PROPERTY).orElse("10000")));
    }

    @Override
    public Opened open(int dwClientVersion) {
        if (!session.isOpen()) {
            return failed(Win32Error.ERROR_SERVICE_NOT_ACTIVE); // the emulated process is exiting
        }
        NotificationDispatcher dispatcher = new NotificationDispatcher("wlan-callback-" + session.name());
        Optional<WlanService.Endpoint> endpoint;
        ServiceConnection connection;
        try {
            endpoint = locator.locate();
            if (endpoint.isEmpty()) {
                return failed(Win32Error.ERROR_SERVICE_NOT_ACTIVE);
            }
            connection = ServiceConnection.open(transport, endpoint.get().address(), rpcTimeout,
                    f -> dispatcher.enqueue(notification(f)));
        } catch (IOException e) {
            return failed(Win32Error.ERROR_SERVICE_NOT_ACTIVE); // nothing listens: the service is not running
        } catch (IllegalStateException e) {
            return failed(Win32Error.ERROR_SERVICE_NOT_ACTIVE); // the session (and its service, its I/O) is closing
        }
        byte[] secret = endpoint.get().secret();
        // The service checks the version (after it was found running: WL-04 before WL-01's 50).
        ServiceConnection.Reply hello = connection.call(WlanProtocol.HELLO, w -> w.putInt(dwClientVersion).putBytes(secret));
        if (hello.code() != OK) {
            connection.close();
            dispatcher.close();
            // Whatever accepted the connection and then dropped it without a handshake is not a running
            // WLAN service (a stopped service's port taken over by another program, say): 1062, not 1722.
            return new Opened.Failed(hello.code() == Win32Error.RPC_S_SERVER_UNAVAILABLE.code()
                    ? Win32Error.ERROR_SERVICE_NOT_ACTIVE.code() : hello.code());
        }
        try {
            int negotiated = hello.body().getInt();
            return new Opened.Session(new WlanClientSession(connection, dispatcher), negotiated);
        } catch (IllegalArgumentException malformed) {
            connection.close();
            dispatcher.close();
            return failed(Win32Error.RPC_S_CALL_FAILED);
        }
    }

    private static Opened failed(Win32Error error) {
        return new Opened.Failed(error.code());
    }

    @Override
    public boolean closesFromOwnCallback() {
        return true; // the dispatcher does not wait for the callback it runs on (WL-07, defer)
    }

    @Override
    public int enumInterfaces(Client client, Ref<WLAN_INTERFACE_INFO_LIST> ppInterfaceList) {
        return rpc(() -> {
            ServiceConnection.Reply r = connection(client).call(WlanProtocol.ENUM_INTERFACES, w -> { });
            if (r.code() != OK) {
                return r.code();
            }
            int n = r.body().getInt();
            WLAN_INTERFACE_INFO[] items = new WLAN_INTERFACE_INFO[n];
            for (int i = 0; i < n; i++) {
                items[i] = new WLAN_INTERFACE_INFO(r.body().getUuid(), r.body().getString(), r.body().getInt());
            }
            ppInterfaceList.value = new WLAN_INTERFACE_INFO_LIST(items);
            return OK;
        });
    }

    @Override
    public int scan(Client client, UUID pInterfaceGuid, DOT11_SSID pDot11Ssid, byte[] pIeData) {
        String ssid = pDot11Ssid == null ? "" : pDot11Ssid.text();
        return rpc(() -> connection(client)
                .call(WlanProtocol.SCAN, w -> w.putUuid(pInterfaceGuid).putString(ssid)).code());
    }

    @Override
    public int getAvailableNetworkList(Client client, UUID pInterfaceGuid, int dwFlags,
                                       Ref<WLAN_AVAILABLE_NETWORK_LIST> ppAvailableNetworkList) {
        return rpc(() -> {
            ServiceConnection.Reply r = connection(client)
                    .call(WlanProtocol.GET_NETWORKS, w -> w.putUuid(pInterfaceGuid).putInt(dwFlags));
            if (r.code() != OK) {
                return r.code();
            }
            int n = r.body().getInt();
            WLAN_AVAILABLE_NETWORK[] items = new WLAN_AVAILABLE_NETWORK[n];
            for (int i = 0; i < n; i++) {
                WLAN_AVAILABLE_NETWORK net = new WLAN_AVAILABLE_NETWORK();
                String ssid = r.body().getString();
                net.dot11Ssid = new DOT11_SSID(ssid);
                net.wlanSignalQuality = r.body().getInt();
                net.bSecurityEnabled = r.body().getBool();
                net.dwFlags = r.body().getInt();
                net.strProfileName = (net.dwFlags & WlanApi.WLAN_AVAILABLE_NETWORK_HAS_PROFILE) != 0 ? ssid : "";
                items[i] = net;
            }
            ppAvailableNetworkList.value = new WLAN_AVAILABLE_NETWORK_LIST(items);
            return OK;
        });
    }

    @Override
    public int connect(Client client, UUID pInterfaceGuid, WLAN_CONNECTION_PARAMETERS p) {
        // The emulated service knows networks by SSID and profiles by their SSID's name; it reads no
        // profile XML, so a temporary profile needs the SSID, and an empty profile name names nothing.
        boolean byProfile = p.wlanConnectionMode == WlanApi.wlan_connection_mode_profile;
        if (byProfile ? p.strProfile.isEmpty() : p.pDot11Ssid == null) {
            return INVALID_PARAMETER;
        }
        String target = p.pDot11Ssid != null ? p.pDot11Ssid.text() : p.strProfile;
        return rpc(() -> connection(client)
                .call(WlanProtocol.CONNECT, w -> w.putUuid(pInterfaceGuid).putString(target)).code());
    }

    @Override
    public int disconnect(Client client, UUID pInterfaceGuid) {
        return rpc(() -> connection(client).call(WlanProtocol.DISCONNECT, w -> w.putUuid(pInterfaceGuid)).code());
    }

    @Override
    public int registerNotification(Client client, int dwNotifSource, boolean bIgnoreDuplicate,
                                    WLAN_NOTIFICATION_CALLBACK funcCallback, Object pCallbackContext,
                                    IntRef pdwPrevNotifSource) {
        WlanClientSession session = (WlanClientSession) client;
        return rpc(() -> {
            int code = session.connection().call(WlanProtocol.REGISTER, w -> w.putInt(dwNotifSource)).code();
            if (code != OK) {
                return code;
            }
            pdwPrevNotifSource.value = session.dispatcher().register(dwNotifSource, bIgnoreDuplicate, funcCallback,
                    pCallbackContext);
            return OK;
        });
    }

    private static ServiceConnection connection(Client client) {
        return ((WlanClientSession) client).connection();
    }

    /** Runs one exchange with the service; a malformed reply is a failed call, as RPC reports it. */
    private static int rpc(IntSupplier call) {
        try {
            return call.getAsInt();
        } catch (IllegalArgumentException malformed) {
            return Win32Error.RPC_S_CALL_FAILED.code();
        }
    }

    private static WLAN_NOTIFICATION_DATA notification(WlanProtocol.Frame f) {
        WlanProtocol.Reader r = f.body();
        return new WLAN_NOTIFICATION_DATA(r.getInt(), r.getInt(), r.getUuid(), r.getBytes());
    }
}
