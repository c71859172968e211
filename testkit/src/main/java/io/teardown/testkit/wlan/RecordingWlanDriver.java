package io.teardown.testkit.wlan;

import io.teardown.api.IntRef;
import io.teardown.api.Ref;
import io.teardown.wlan.DOT11_SSID;
import io.teardown.wlan.WLAN_AVAILABLE_NETWORK_LIST;
import io.teardown.wlan.WLAN_CONNECTION_PARAMETERS;
import io.teardown.wlan.WLAN_INTERFACE_INFO_LIST;
import io.teardown.wlan.WLAN_NOTIFICATION_CALLBACK;
import io.teardown.wlan.spi.WlanDriver;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A {@link WlanDriver} that records every call that reaches it, then passes it on to a backend's real
 * driver: put the WLAN front over it and a test sees which calls the front let through (a rejected
 * argument or an unknown handle must reach nothing, WL-02, WL-03). Thread-safe.
 */
public final class RecordingWlanDriver implements WlanDriver {
    private final WlanDriver driver;
    private final List<String> calls = new CopyOnWriteArrayList<>();

    /** Records the calls made to {@code driver}. */
    public RecordingWlanDriver(WlanDriver driver) {
        this.driver = Objects.requireNonNull(driver, "driver");
    }

    /** The calls that reached the driver so far, oldest first: {@code "open"}, {@code "scan"}, {@code "release"} … */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** Forgets the calls recorded so far. */
    public void clear() {
        calls.clear();
    }

    @Override
    public Opened open(int dwClientVersion) {
        calls.add("open");
        Opened opened = driver.open(dwClientVersion);
        return opened instanceof Opened.Session s ? new Opened.Session(new Recorded(s.client()), s.negotiatedVersion()) : opened;
    }

    @Override
    public int enumInterfaces(Client client, Ref<WLAN_INTERFACE_INFO_LIST> ppInterfaceList) {
        return driver.enumInterfaces(reached("enumInterfaces", client), ppInterfaceList);
    }

    @Override
    public int scan(Client client, UUID pInterfaceGuid, DOT11_SSID pDot11Ssid, byte[] pIeData) {
        return driver.scan(reached("scan", client), pInterfaceGuid, pDot11Ssid, pIeData);
    }

    @Override
    public int getAvailableNetworkList(Client client, UUID pInterfaceGuid, int dwFlags,
                                       Ref<WLAN_AVAILABLE_NETWORK_LIST> ppAvailableNetworkList) {
        return driver.getAvailableNetworkList(reached("getAvailableNetworkList", client), pInterfaceGuid, dwFlags,
                ppAvailableNetworkList);
    }

    @Override
    public int connect(Client client, UUID pInterfaceGuid, WLAN_CONNECTION_PARAMETERS pConnectionParameters) {
        return driver.connect(reached("connect", client), pInterfaceGuid, pConnectionParameters);
    }

    @Override
    public int disconnect(Client client, UUID pInterfaceGuid) {
        return driver.disconnect(reached("disconnect", client), pInterfaceGuid);
    }

    @Override
    public int registerNotification(Client client, int dwNotifSource, boolean bIgnoreDuplicate,
                                    WLAN_NOTIFICATION_CALLBACK funcCallback, Object pCallbackContext,
                                    IntRef pdwPrevNotifSource) {
        return driver.registerNotification(reached("registerNotification", client), dwNotifSource, bIgnoreDuplicate,
                funcCallback, pCallbackContext, pdwPrevNotifSource);
    }

    @Override
    public boolean closesFromOwnCallback() {
        return driver.closesFromOwnCallback();
    }

    private Client reached(String call, Client client) {
        calls.add(call);
        return ((Recorded) client).client;
    }

    /** A client of the real driver whose stop and release are recorded too. */
    private final class Recorded implements Client {
        private final Client client;

        Recorded(Client client) {
            this.client = client;
        }

        @Override
        public boolean inOwnCallback() {
            return client.inOwnCallback();
        }

        @Override
        public Stopped stopNotifications() {
            calls.add("stopNotifications");
            return client.stopNotifications();
        }

        @Override
        public int release() {
            calls.add("release");
            return client.release();
        }
    }
}
