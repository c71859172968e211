package io.teardown.wlan.engine;

import io.teardown.api.CloseEvent;
import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import io.teardown.api.handle.HandleEntry;
import io.teardown.api.handle.HandleTable;
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
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.ToIntFunction;

/**
 * The portable WLAN engine: {@link WlanApi} with Windows' rules in plain Java, over a
 * {@link WlanTransport} to the (emulated) WLAN service. Each {@code WlanOpenHandle} opens one real
 * connection to the service; each client session has its own notification queue and callback thread
 * ({@link NotificationDispatcher}).
 *
 * <p>Rules: WL-01 (open/close, versions, results returned, last error untouched), WL-02 (null handle
 * or non-null reserved: 87, before the lookup), WL-03 (unknown handle: 6), WL-04 (service not running:
 * 1062; service lost: 1722; close still releases), WL-05 (queued notifications discarded at close),
 * WL-06 (close waits for a running callback), WL-07 (close inside the own callback: 1131, or deferred
 * with {@code teardown.wlan.closeInCallback=defer}), WL-08 (use after close: 6).
 */
public final class EmulatedWlanApi implements WlanApi {
    /** {@code refuse} (the default: {@code ERROR_POSSIBLE_DEADLOCK}) or {@code defer} (WL-07). */
    public static final String CLOSE_IN_CALLBACK_PROPERTY = "teardown.wlan.closeInCallback";
    /** How long a call waits for the service's reply, in milliseconds (default 10000). */
    public static final String RPC_TIMEOUT_PROPERTY = "teardown.wlan.rpcTimeoutMillis";

    private static final int OK = 0;
    private static final int INVALID_PARAMETER = Win32Error.ERROR_INVALID_PARAMETER.code();
    private static final int INVALID_HANDLE = Win32Error.ERROR_INVALID_HANDLE.code();

    private final Session session;
    private final HandleTable<HandleEntry> table;
    private final WlanTransport transport;
    private final WlanServiceLocator locator;
    private final boolean deferCloseInCallback;
    private final Duration rpcTimeout;

    /**
     * The engine for one session.
     *
     * @throws IllegalArgumentException if the session's {@code teardown.wlan.*} properties are malformed
     */
    public EmulatedWlanApi(Session session, WlanTransport transport) {
        this.session = session;
        this.table = session.handles(HandleSpace.WLAN);
        this.transport = transport;
        this.locator = new WlanServiceLocator(session);
        String mode = session.property(CLOSE_IN_CALLBACK_PROPERTY).orElse("refuse").trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("refuse") && !mode.equals("defer")) {
            throw new IllegalArgumentException("-D" + CLOSE_IN_CALLBACK_PROPERTY + "=" + mode + ": expected refuse or defer");
        }
        this.deferCloseInCallback = mode.equals("defer");
        this.rpcTimeout = Duration.ofMillis(Long.parseLong(session.property(RPC_TIMEOUT_PROPERTY).orElse("10000")));
    }

    @Override
    public int WlanOpenHandle(int dwClientVersion, Object pReserved, IntRef pdwNegotiatedVersion, LongRef phClientHandle) {
        if (pReserved != null || pdwNegotiatedVersion == null || phClientHandle == null) {
            return INVALID_PARAMETER;
        }
        if (!session.isOpen()) {
            return Win32Error.ERROR_SERVICE_NOT_ACTIVE.code(); // the emulated process is exiting
        }
        NotificationDispatcher dispatcher = new NotificationDispatcher("wlan-callback-" + session.name());
        Optional<WlanService.Endpoint> endpoint;
        ServiceConnection connection;
        try {
            endpoint = locator.locate();
            if (endpoint.isEmpty()) {
                return Win32Error.ERROR_SERVICE_NOT_ACTIVE.code();
            }
            connection = ServiceConnection.open(transport, endpoint.get().address(), rpcTimeout,
                    f -> dispatcher.enqueue(notification(f)));
        } catch (IOException e) {
            return Win32Error.ERROR_SERVICE_NOT_ACTIVE.code(); // nothing listens: the service is not running
        } catch (IllegalStateException e) {
            return Win32Error.ERROR_SERVICE_NOT_ACTIVE.code(); // the session (and its service, its I/O) is closing
        }
        byte[] secret = endpoint.get().secret();
        // The service checks the version (after it was found running: WL-04 before WL-01's 50).
        ServiceConnection.Reply hello = connection.call(WlanProtocol.HELLO, w -> w.putInt(dwClientVersion).putBytes(secret));
        if (hello.code() != OK) {
            connection.close();
            dispatcher.close();
            // Whatever accepted the connection and then dropped it without a handshake is not a running
            // WLAN service (a stopped service's port taken over by another program, say): 1062, not 1722.
            return hello.code() == Win32Error.RPC_S_SERVER_UNAVAILABLE.code()
                    ? Win32Error.ERROR_SERVICE_NOT_ACTIVE.code() : hello.code();
        }
        int negotiated;
        long handle;
        WlanClientSession client;
        try {
            negotiated = hello.body().getInt();
            client = new WlanClientSession(connection, dispatcher, negotiated);
            handle = table.insert(client);
        } catch (IllegalArgumentException | Win32Exception e) {
            connection.close();
            dispatcher.close();
            return e instanceof Win32Exception w ? w.code() : Win32Error.RPC_S_CALL_FAILED.code();
        }
        pdwNegotiatedVersion.value = negotiated;
        phClientHandle.value = handle;
        return OK;
    }

    @Override
    public int WlanCloseHandle(long hClientHandle, Object pReserved) {
        long start = System.nanoTime();
        if (hClientHandle == 0 || pReserved != null) {
            return closed(hClientHandle, "(invalid)", INVALID_PARAMETER, CloseEvent.Outcome.REJECTED, start);
        }
        HandleEntry e = table.get(hClientHandle);
        if (!(e instanceof WlanClientSession client)) {
            return closed(hClientHandle, "(invalid)", INVALID_HANDLE, CloseEvent.Outcome.INVALID, start);
        }
        if (client.dispatcher().inCallback() && !deferCloseInCallback) {
            // Windows would wait for this very callback to return: a deadlock. Refuse instead (WL-07).
            return closed(hClientHandle, WlanClientSession.TYPE, Win32Error.ERROR_POSSIBLE_DEADLOCK.code(),
                    CloseEvent.Outcome.REFUSED_IN_CALLBACK, start);
        }
        // The value closes whatever it names now (if it was closed and reused meanwhile, the new owner, as on Windows).
        if (!(table.close(hClientHandle) instanceof WlanClientSession closing)) {
            return closed(hClientHandle, "(invalid)", INVALID_HANDLE, CloseEvent.Outcome.INVALID, start); // lost a race with another close
        }
        // Usually the table already reclaimed it (no call in flight); otherwise close it now, not when the
        // last call in flight returns: its RPC then fails with 6, as the handle is gone.
        NotificationDispatcher.Closed how = closing.shutdown();
        CloseEvent.Outcome outcome = switch (how) {
            case WAITED -> CloseEvent.Outcome.WAITED_FOR_CALLBACK;
            case FROM_CALLBACK -> CloseEvent.Outcome.DEFERRED;
            default -> CloseEvent.Outcome.CLOSED;
        };
        return closed(hClientHandle, WlanClientSession.TYPE, OK, outcome, start);
    }

    private int closed(long handle, String type, int error, CloseEvent.Outcome outcome, long start) {
        if (session.closeEvents().enabled()) {
            session.closeEvents().emit(HandleSpace.WLAN, "WlanCloseHandle", handle, type, error, outcome, start);
        }
        return error;
    }

    @Override
    public int WlanEnumInterfaces(long hClientHandle, Object pReserved, Ref<WLAN_INTERFACE_INFO_LIST> ppInterfaceList) {
        if (hClientHandle == 0 || pReserved != null || ppInterfaceList == null) {
            return INVALID_PARAMETER;
        }
        return withClient(hClientHandle, c -> {
            ServiceConnection.Reply r = c.connection().call(WlanProtocol.ENUM_INTERFACES, w -> { });
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
    public int WlanScan(long hClientHandle, UUID pInterfaceGuid, DOT11_SSID pDot11Ssid, byte[] pIeData, Object pReserved) {
        if (hClientHandle == 0 || pReserved != null || pInterfaceGuid == null) {
            return INVALID_PARAMETER;
        }
        String ssid = pDot11Ssid == null ? "" : pDot11Ssid.text();
        return withClient(hClientHandle, c -> c.connection()
                .call(WlanProtocol.SCAN, w -> w.putUuid(pInterfaceGuid).putString(ssid)).code());
    }

    @Override
    public int WlanGetAvailableNetworkList(long hClientHandle, UUID pInterfaceGuid, int dwFlags, Object pReserved,
                                           Ref<WLAN_AVAILABLE_NETWORK_LIST> ppAvailableNetworkList) {
        if (hClientHandle == 0 || pReserved != null || pInterfaceGuid == null || ppAvailableNetworkList == null) {
            return INVALID_PARAMETER;
        }
        return withClient(hClientHandle, c -> {
            ServiceConnection.Reply r = c.connection()
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
                net.strProfileName = (net.dwFlags & WLAN_AVAILABLE_NETWORK_HAS_PROFILE) != 0 ? ssid : "";
                items[i] = net;
            }
            ppAvailableNetworkList.value = new WLAN_AVAILABLE_NETWORK_LIST(items);
            return OK;
        });
    }

    @Override
    public int WlanConnect(long hClientHandle, UUID pInterfaceGuid, WLAN_CONNECTION_PARAMETERS pConnectionParameters,
                           Object pReserved) {
        if (hClientHandle == 0 || pReserved != null || pInterfaceGuid == null || pConnectionParameters == null) {
            return INVALID_PARAMETER;
        }
        WLAN_CONNECTION_PARAMETERS p = pConnectionParameters;
        String target;
        if (p.wlanConnectionMode == wlan_connection_mode_profile) {
            if (p.strProfile == null || p.strProfile.isEmpty()) {
                return INVALID_PARAMETER;
            }
            target = p.pDot11Ssid != null ? p.pDot11Ssid.text() : p.strProfile;
        } else if (p.wlanConnectionMode == wlan_connection_mode_temporary_profile
                || p.wlanConnectionMode == wlan_connection_mode_discovery_secure
                || p.wlanConnectionMode == wlan_connection_mode_discovery_unsecure) {
            if (p.pDot11Ssid == null) {
                return INVALID_PARAMETER;
            }
            target = p.pDot11Ssid.text();
        } else {
            return INVALID_PARAMETER;
        }
        return withClient(hClientHandle, c -> c.connection()
                .call(WlanProtocol.CONNECT, w -> w.putUuid(pInterfaceGuid).putString(target)).code());
    }

    @Override
    public int WlanDisconnect(long hClientHandle, UUID pInterfaceGuid, Object pReserved) {
        if (hClientHandle == 0 || pReserved != null || pInterfaceGuid == null) {
            return INVALID_PARAMETER;
        }
        return withClient(hClientHandle, c -> c.connection()
                .call(WlanProtocol.DISCONNECT, w -> w.putUuid(pInterfaceGuid)).code());
    }

    @Override
    public int WlanRegisterNotification(long hClientHandle, int dwNotifSource, boolean bIgnoreDuplicate,
                                        WLAN_NOTIFICATION_CALLBACK funcCallback, Object pCallbackContext,
                                        Object pReserved, IntRef pdwPrevNotifSource) {
        if (hClientHandle == 0 || pReserved != null || (dwNotifSource & ~WLAN_NOTIFICATION_SOURCE_ALL) != 0
                || (dwNotifSource != WLAN_NOTIFICATION_SOURCE_NONE && funcCallback == null)) {
            return INVALID_PARAMETER;
        }
        return withClient(hClientHandle, c -> {
            int code = c.connection().call(WlanProtocol.REGISTER, w -> w.putInt(dwNotifSource)).code();
            if (code != OK) {
                return code;
            }
            int previous = c.dispatcher().register(dwNotifSource, bIgnoreDuplicate, funcCallback, pCallbackContext);
            if (pdwPrevNotifSource != null) {
                pdwPrevNotifSource.value = previous;
            }
            return OK;
        });
    }

    @Override
    public void WlanFreeMemory(Object pMemory) {
        // The garbage collector owns what the API returned; nothing to free.
    }

    /** Runs {@code call} with the handle leased (a racing close takes effect when the call returns). */
    private int withClient(long handle, ToIntFunction<WlanClientSession> call) {
        HandleEntry e = table.acquire(handle);
        if (e == null) {
            return INVALID_HANDLE;
        }
        try {
            if (!(e instanceof WlanClientSession c)) {
                return INVALID_HANDLE;
            }
            try {
                return call.applyAsInt(c);
            } catch (IllegalArgumentException malformed) {
                return Win32Error.RPC_S_CALL_FAILED.code();
            }
        } finally {
            table.release(handle);
        }
    }

    private static WLAN_NOTIFICATION_DATA notification(WlanProtocol.Frame f) {
        WlanProtocol.Reader r = f.body();
        return new WLAN_NOTIFICATION_DATA(r.getInt(), r.getInt(), r.getUuid(), r.getBytes());
    }
}
