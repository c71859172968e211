package io.teardown.wlan;

import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LeakWatch;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Exception;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The object API of wlanapi: one client session ({@code WlanOpenHandle} … {@code WlanCloseHandle}) as an
 * {@link AutoCloseable}. Built on the session's {@link WlanApi}, so the rules are those of the flat
 * facade (WL-01 … WL-08); failures throw {@link Win32Exception} with the same number the flat call
 * returns.
 *
 * <pre>{@code
 * try (WlanClient wlan = WlanClient.of(session)) {
 *     UUID iface = wlan.interfaces().get(0).guid();
 *     wlan.onNotification(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM, n -> System.out.println(n));
 *     wlan.scan(iface);
 * }   // WlanCloseHandle: waits for a running callback, queued notifications are dropped
 * }</pre>
 *
 * Thread-safe. Closing from inside its own notification callback throws {@code ERROR_POSSIBLE_DEADLOCK}
 * (1131) unless the session defers it (WL-07).
 */
public final class WlanClient implements AutoCloseable {
    private final WlanApi api;
    private final long handle;
    private final int negotiatedVersion;
    private final LeakWatch watch;
    private final AtomicBoolean closed = new AtomicBoolean();

    private WlanClient(Session session, WlanApi api, long handle, int negotiatedVersion) {
        this.api = api;
        this.handle = handle;
        this.negotiatedVersion = negotiatedVersion;
        this.watch = session.watch(this, HandleSpace.WLAN, handle, "WlanClient");
    }

    /**
     * Opens a client session asking for API version 2: the object API's entry point, the same
     * {@code X.of(session)} shape as {@code Winsock.of} and {@code Internet.of}. Each call opens a new
     * {@code WlanOpenHandle} client handle that the caller closes.
     */
    public static WlanClient of(Session session) {
        return of(session, WlanApi.WLAN_API_VERSION_2_0);
    }

    /** Opens a client session asking for {@code clientVersion}. */
    public static WlanClient of(Session session, int clientVersion) {
        WlanApi api = WlanApi.of(session);
        IntRef negotiated = new IntRef();
        LongRef h = new LongRef();
        check(api.WlanOpenHandle(clientVersion, null, negotiated, h), "WlanOpenHandle");
        return new WlanClient(session, api, h.value, negotiated.value);
    }

    /** The client handle (for the flat facade). */
    public long handle() {
        return handle;
    }

    /** The API version the service agreed on. */
    public int negotiatedVersion() {
        return negotiatedVersion;
    }

    /** {@code WlanEnumInterfaces}. */
    public List<WlanInterface> interfaces() {
        Ref<WLAN_INTERFACE_INFO_LIST> list = new Ref<>();
        check(api.WlanEnumInterfaces(handle, null, list), "WlanEnumInterfaces");
        List<WlanInterface> out = new ArrayList<>();
        for (WLAN_INTERFACE_INFO i : list.value.InterfaceInfo) {
            out.add(new WlanInterface(i.InterfaceGuid, i.strInterfaceDescription, i.isState));
        }
        return out;
    }

    /** {@code WlanScan}; completion comes as {@code wlan_notification_acm_scan_complete}. */
    public void scan(UUID iface) {
        check(api.WlanScan(handle, iface, null, null, null), "WlanScan");
    }

    /** {@code WlanGetAvailableNetworkList}. */
    public List<WlanNetwork> availableNetworks(UUID iface) {
        Ref<WLAN_AVAILABLE_NETWORK_LIST> list = new Ref<>();
        check(api.WlanGetAvailableNetworkList(handle, iface, 0, null, list), "WlanGetAvailableNetworkList");
        List<WlanNetwork> out = new ArrayList<>();
        for (WLAN_AVAILABLE_NETWORK n : list.value.Network) {
            out.add(new WlanNetwork(n.dot11Ssid.text(), n.wlanSignalQuality, n.bSecurityEnabled,
                    (n.dwFlags & WlanApi.WLAN_AVAILABLE_NETWORK_CONNECTED) != 0));
        }
        return out;
    }

    /** {@code WlanConnect} with the profile named {@code ssid}. */
    public void connect(UUID iface, String ssid) {
        check(api.WlanConnect(handle, iface, WLAN_CONNECTION_PARAMETERS.profile(ssid), null), "WlanConnect");
    }

    /** {@code WlanDisconnect}. */
    public void disconnect(UUID iface) {
        check(api.WlanDisconnect(handle, iface, null), "WlanDisconnect");
    }

    /** {@code WlanRegisterNotification}: {@code listener} gets the notifications of {@code sources}. */
    public void onNotification(int sources, Consumer<WLAN_NOTIFICATION_DATA> listener) {
        check(api.WlanRegisterNotification(handle, sources, false, (data, context) -> listener.accept(data),
                null, null, null), "WlanRegisterNotification");
    }

    /** {@code WlanCloseHandle}. Idempotent once it succeeded. */
    @Override
    public void close() {
        if (closed.get()) {
            return;
        }
        check(api.WlanCloseHandle(handle, null), "WlanCloseHandle");
        closed.set(true);
        watch.closed();
    }

    private static void check(int code, String function) {
        if (code != 0) {
            throw new Win32Exception(code, function + " failed: " + io.teardown.api.Win32Error.describe(code));
        }
    }

    @Override
    public String toString() {
        return "WlanClient[0x" + Long.toHexString(handle) + (closed.get() ? ", closed" : "") + "]";
    }
}
