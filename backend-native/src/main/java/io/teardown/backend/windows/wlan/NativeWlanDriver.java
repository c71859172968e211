package io.teardown.backend.windows.wlan;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Guid.GUID;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.teardown.api.IntRef;
import io.teardown.api.Ref;
import io.teardown.backend.windows.jna.CallbackKeeper;
import io.teardown.backend.windows.jna.NativeHandles;
import io.teardown.backend.windows.jna.WlanApiLibrary;
import io.teardown.backend.windows.jna.WlanNotifications;
import io.teardown.wlan.DOT11_SSID;
import io.teardown.wlan.WLAN_AVAILABLE_NETWORK;
import io.teardown.wlan.WLAN_AVAILABLE_NETWORK_LIST;
import io.teardown.wlan.WLAN_CONNECTION_PARAMETERS;
import io.teardown.wlan.WLAN_INTERFACE_INFO;
import io.teardown.wlan.WLAN_INTERFACE_INFO_LIST;
import io.teardown.wlan.WLAN_NOTIFICATION_CALLBACK;
import io.teardown.wlan.WLAN_NOTIFICATION_DATA;
import io.teardown.wlan.spi.WlanDriver;
import java.lang.ref.Reference;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The {@link WlanDriver} on the real wlanapi.dll: each call's work, converted between Java values and
 * wlanapi's structures. Windows applies WL-01 … WL-06 itself; the wlan module's front checks the
 * arguments and the handles before anything reaches this class (WL-02, WL-03, WL-08), and refuses a
 * close from the session's own callback (WL-07), which {@link WlanNotifications} detects. This class
 * adds what Windows leaves to the caller: once the front has stopped a client's notifications, none is
 * delivered and none is still running (WL-05, WL-06), even when the OS close waits behind another
 * thread's call on the handle. Every function returns its error; the last error is never touched (WL-01).
 */
public final class NativeWlanDriver implements WlanDriver {
    private static final int OK = 0;

    private final WlanApiLibrary wlan;
    private final WlanNotifications notifications;

    /**
     * The driver over {@code wlan}.
     *
     * @param uncaught where exceptions thrown by user callbacks go (they never unwind into Windows)
     */
    public NativeWlanDriver(WlanApiLibrary wlan, Consumer<Throwable> uncaught) {
        this.wlan = Objects.requireNonNull(wlan, "wlan");
        this.notifications = new WlanNotifications(wlan, new CallbackKeeper<>(), uncaught);
    }

    /** The driver over {@code wlan}; callback failures are printed. */
    public NativeWlanDriver(WlanApiLibrary wlan) {
        this(wlan, t -> t.printStackTrace());
    }

    /** A client session: the OS handle and the gate of WL-05/WL-06. */
    private final class Client implements WlanDriver.Client {
        private final long os;
        private int running;
        private boolean stopped;
        private boolean waited;

        Client(long os) {
            this.os = os;
        }

        HANDLE handle() {
            return NativeHandles.handle(os);
        }

        /** Enters a delivery; false once notifications were stopped (WL-05). */
        synchronized boolean enter() {
            if (stopped) {
                return false;
            }
            running++;
            return true;
        }

        synchronized void exit() {
            running--;
            notifyAll();
        }

        @Override
        public boolean inOwnCallback() {
            return notifications.insideCallback(handle());
        }

        /** No delivery starts after this; waits for the running ones (WL-06). Never from a callback (WL-07). */
        @Override
        public synchronized Stopped stopNotifications() {
            if (!stopped) {
                stopped = true;
                waited = running > 0;
                boolean interrupted = false;
                while (running > 0) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
            return waited ? Stopped.WAITED_FOR_CALLBACK : Stopped.IDLE;
        }

        @Override
        public int release() {
            return notifications.close(handle());
        }
    }

    @Override
    public Opened open(int dwClientVersion) {
        IntByReference negotiated = new IntByReference();
        HANDLEByReference client = new HANDLEByReference();
        int rc = wlan.WlanOpenHandle(dwClientVersion, null, negotiated, client);
        if (rc != OK) {
            return new Opened.Failed(rc);
        }
        return new Opened.Session(new Client(NativeHandles.value(client.getValue())), negotiated.getValue());
    }

    private static HANDLE handle(WlanDriver.Client client) {
        return ((Client) client).handle();
    }

    @Override
    public int enumInterfaces(WlanDriver.Client client, Ref<WLAN_INTERFACE_INFO_LIST> ppInterfaceList) {
        PointerByReference out = new PointerByReference();
        int rc = wlan.WlanEnumInterfaces(handle(client), null, out);
        if (rc != OK) {
            return rc;
        }
        Pointer p = out.getValue();
        try {
            List<io.teardown.backend.windows.jna.WLAN_INTERFACE_INFO> items =
                    new io.teardown.backend.windows.jna.WLAN_INTERFACE_INFO_LIST(p).items();
            WLAN_INTERFACE_INFO[] converted = new WLAN_INTERFACE_INFO[items.size()];
            for (int i = 0; i < converted.length; i++) {
                var item = items.get(i);
                converted[i] = new WLAN_INTERFACE_INFO(uuid(item.InterfaceGuid), item.description(), item.isState);
            }
            ppInterfaceList.value = new WLAN_INTERFACE_INFO_LIST(converted);
        } finally {
            wlan.WlanFreeMemory(p);
        }
        return OK;
    }

    @Override
    public int scan(WlanDriver.Client client, UUID pInterfaceGuid, DOT11_SSID pDot11Ssid, byte[] pIeData) {
        io.teardown.backend.windows.jna.DOT11_SSID ssid = pDot11Ssid == null ? null : ssid(pDot11Ssid);
        Memory ie = null;
        if (pIeData != null) {
            // WLAN_RAW_DATA: DWORD dwDataSize; BYTE DataBlob[].
            ie = new Memory(4L + Math.max(1, pIeData.length));
            ie.setInt(0, pIeData.length);
            ie.write(4, pIeData, 0, pIeData.length);
        }
        return wlan.WlanScan(handle(client), guid(pInterfaceGuid), ssid, ie, null);
    }

    @Override
    public int getAvailableNetworkList(WlanDriver.Client client, UUID pInterfaceGuid, int dwFlags,
                                       Ref<WLAN_AVAILABLE_NETWORK_LIST> ppAvailableNetworkList) {
        PointerByReference out = new PointerByReference();
        int rc = wlan.WlanGetAvailableNetworkList(handle(client), guid(pInterfaceGuid), dwFlags, null, out);
        if (rc != OK) {
            return rc;
        }
        Pointer p = out.getValue();
        try {
            List<io.teardown.backend.windows.jna.WLAN_AVAILABLE_NETWORK> items =
                    new io.teardown.backend.windows.jna.WLAN_AVAILABLE_NETWORK_LIST(p).items();
            WLAN_AVAILABLE_NETWORK[] converted = new WLAN_AVAILABLE_NETWORK[items.size()];
            for (int i = 0; i < converted.length; i++) {
                var n = items.get(i);
                WLAN_AVAILABLE_NETWORK net = new WLAN_AVAILABLE_NETWORK();
                net.strProfileName = n.profileName();
                net.dot11Ssid = new DOT11_SSID();
                net.dot11Ssid.uSSIDLength = n.dot11Ssid.uSSIDLength;
                net.dot11Ssid.ucSSID = n.dot11Ssid.ucSSID.clone();
                net.dot11BssType = n.dot11BssType;
                net.uNumberOfBssids = n.uNumberOfBssids;
                net.bNetworkConnectable = n.bNetworkConnectable != 0;
                net.wlanSignalQuality = n.wlanSignalQuality;
                net.bSecurityEnabled = n.bSecurityEnabled != 0;
                net.dwFlags = n.dwFlags;
                converted[i] = net;
            }
            ppAvailableNetworkList.value = new WLAN_AVAILABLE_NETWORK_LIST(converted);
        } finally {
            wlan.WlanFreeMemory(p);
        }
        return OK;
    }

    @Override
    public int connect(WlanDriver.Client client, UUID pInterfaceGuid,
                       WLAN_CONNECTION_PARAMETERS pConnectionParameters) {
        io.teardown.backend.windows.jna.WLAN_CONNECTION_PARAMETERS p = new io.teardown.backend.windows.jna.WLAN_CONNECTION_PARAMETERS();
        p.wlanConnectionMode = pConnectionParameters.wlanConnectionMode;
        p.strProfile = pConnectionParameters.strProfile == null ? null : new WString(pConnectionParameters.strProfile);
        io.teardown.backend.windows.jna.DOT11_SSID ssid = pConnectionParameters.pDot11Ssid == null ? null
                : ssid(pConnectionParameters.pDot11Ssid);
        if (ssid != null) {
            ssid.write();
            p.pDot11Ssid = ssid.getPointer();
        }
        p.dot11BssType = pConnectionParameters.dot11BssType;
        p.dwFlags = pConnectionParameters.dwFlags;
        int rc = wlan.WlanConnect(handle(client), guid(pInterfaceGuid), p, null);
        Reference.reachabilityFence(ssid); // p points into the SSID's memory
        return rc;
    }

    @Override
    public int disconnect(WlanDriver.Client client, UUID pInterfaceGuid) {
        return wlan.WlanDisconnect(handle(client), guid(pInterfaceGuid), null);
    }

    @Override
    public int registerNotification(WlanDriver.Client client, int dwNotifSource, boolean bIgnoreDuplicate,
                                    WLAN_NOTIFICATION_CALLBACK funcCallback, Object pCallbackContext,
                                    IntRef pdwPrevNotifSource) {
        Client gate = (Client) client;
        IntByReference previous = new IntByReference();
        WlanNotifications.Listener listener = data -> {
            if (funcCallback == null || !gate.enter()) {
                return; // WL-05: nothing is delivered once WlanCloseHandle stopped the notifications
            }
            try {
                funcCallback.callback(convert(data), pCallbackContext);
            } finally {
                gate.exit();
            }
        };
        int rc = notifications.register(gate.handle(), dwNotifSource, bIgnoreDuplicate, listener, previous);
        if (rc == OK) {
            pdwPrevNotifSource.value = previous.getValue();
        }
        return rc;
    }

    private static WLAN_NOTIFICATION_DATA convert(io.teardown.backend.windows.jna.WLAN_NOTIFICATION_DATA d) {
        byte[] data = null;
        if (d.pData != null && d.dwDataSize > 0) {
            data = d.pData.getByteArray(0, d.dwDataSize);
        }
        return new WLAN_NOTIFICATION_DATA(d.NotificationSource, d.NotificationCode,
                d.InterfaceGuid == null ? null : uuid(d.InterfaceGuid), data);
    }

    private static io.teardown.backend.windows.jna.DOT11_SSID ssid(DOT11_SSID s) {
        io.teardown.backend.windows.jna.DOT11_SSID out = new io.teardown.backend.windows.jna.DOT11_SSID();
        int n = Math.max(0, Math.min(s.uSSIDLength, io.teardown.backend.windows.jna.DOT11_SSID.DOT11_SSID_MAX_LENGTH));
        out.uSSIDLength = n;
        if (s.ucSSID != null) {
            System.arraycopy(s.ucSSID, 0, out.ucSSID, 0, Math.min(n, s.ucSSID.length));
        }
        return out;
    }

    /** The Windows {@code GUID} of a UUID: both spell the same 16 bytes the same way (jna-platform parses it). */
    static GUID guid(UUID u) {
        return GUID.fromString(u.toString());
    }

    /** The UUID of a Windows {@code GUID}. */
    static UUID uuid(GUID g) {
        String s = g.toGuidString(); // {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}
        return UUID.fromString(s.substring(1, s.length() - 1));
    }
}
