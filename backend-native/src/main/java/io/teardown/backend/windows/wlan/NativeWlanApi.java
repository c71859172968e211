package io.teardown.backend.windows.wlan;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.WString;
import com.sun.jna.platform.win32.Guid.GUID;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import io.teardown.api.CloseEvent;
import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.api.handle.Closer;
import io.teardown.backend.windows.handles.OsHandle;
import io.teardown.backend.windows.handles.OsHandles;
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
import io.teardown.wlan.WlanApi;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * {@link WlanApi} on the real wlanapi.dll. Windows applies WL-01 … WL-06 itself; this class adds:
 * client handles are values of the session's {@link HandleSpace#WLAN} table, and only a leased, open
 * entry's OS handle reaches wlanapi (WL-03, WL-08: anything else is 6 without calling Windows); a NULL
 * handle or a non-null {@code pReserved} is 87 before the lookup (WL-02); {@code WlanCloseHandle} from
 * inside the session's own callback is refused with 1131 before Windows is called, where it would
 * deadlock (WL-07, {@link WlanNotifications}); once {@code WlanCloseHandle} has returned, no callback of
 * the session is delivered and none is still running (WL-05, WL-06), even when the OS close had to wait
 * for another thread's call on the handle.
 *
 * <p>Every function returns its error; the session's last error is never touched (WL-01).
 */
public final class NativeWlanApi implements WlanApi {
    private static final int OK = 0;
    private static final int INVALID_PARAMETER = Win32Error.ERROR_INVALID_PARAMETER.code();
    private static final int INVALID_HANDLE = Win32Error.ERROR_INVALID_HANDLE.code();
    private static final String TYPE = "WlanClient";

    private final Session session;
    private final WlanApiLibrary wlan;
    private final OsHandles handles;
    private final WlanNotifications notifications;

    /**
     * The facade over {@code wlan} for {@code session}.
     *
     * @param uncaught where exceptions thrown by user callbacks go (they never unwind into Windows)
     */
    public NativeWlanApi(Session session, WlanApiLibrary wlan, Consumer<Throwable> uncaught) {
        this.session = Objects.requireNonNull(session, "session");
        this.wlan = Objects.requireNonNull(wlan, "wlan");
        this.handles = new OsHandles(session, HandleSpace.WLAN);
        this.notifications = new WlanNotifications(wlan, new CallbackKeeper<>(), uncaught);
    }

    /** The facade over {@code wlan} for {@code session}; callback failures are printed. */
    public NativeWlanApi(Session session, WlanApiLibrary wlan) {
        this(session, wlan, t -> t.printStackTrace());
    }

    /** What is kept with a client handle: the gate of WL-05/WL-06. */
    private static final class Client {
        private int running;
        private boolean closed;

        /** Enters a delivery; false once the session is closed (WL-05). */
        synchronized boolean enter() {
            if (closed) {
                return false;
            }
            running++;
            return true;
        }

        synchronized void exit() {
            running--;
            notifyAll();
        }

        /** No delivery starts after this; waits for the running ones (WL-06). Not from a callback. */
        synchronized void close() {
            closed = true;
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
    }

    @Override
    public int WlanOpenHandle(int dwClientVersion, Object pReserved, IntRef pdwNegotiatedVersion, LongRef phClientHandle) {
        if (pReserved != null || pdwNegotiatedVersion == null || phClientHandle == null) {
            return INVALID_PARAMETER; // WL-01: what wlanapi returns for these
        }
        IntByReference negotiated = new IntByReference();
        HANDLEByReference client = new HANDLEByReference();
        int rc = wlan.WlanOpenHandle(dwClientVersion, null, negotiated, client);
        if (rc != OK) {
            return rc;
        }
        long os = NativeHandles.value(client.getValue());
        long value;
        try {
            value = handles.register(new OsHandle(os, TYPE, Closer.WLAN_CLOSE_HANDLE, true,
                    this::closeOs, new Client()));
        } catch (RuntimeException full) {
            return Win32Error.ERROR_NO_SYSTEM_RESOURCES.code();
        }
        pdwNegotiatedVersion.value = negotiated.getValue();
        phClientHandle.value = value;
        return OK;
    }

    private int closeOs(long os) {
        return notifications.close(NativeHandles.handle(os));
    }

    @Override
    public int WlanCloseHandle(long hClientHandle, Object pReserved) {
        long start = System.nanoTime();
        if (hClientHandle == 0 || pReserved != null) {
            return closed(hClientHandle, "(invalid)", INVALID_PARAMETER, CloseEvent.Outcome.REJECTED, start); // WL-02
        }
        OsHandle entry = handles.peek(hClientHandle);
        if (entry == null) {
            return closed(hClientHandle, "(invalid)", INVALID_HANDLE, CloseEvent.Outcome.INVALID, start); // WL-03, WL-08
        }
        if (notifications.insideCallback(NativeHandles.handle(entry.os()))) {
            // wlanapi would wait for this very callback to return: a deadlock (WL-07).
            return closed(hClientHandle, TYPE, Win32Error.ERROR_POSSIBLE_DEADLOCK.code(), CloseEvent.Outcome.REFUSED_IN_CALLBACK, start);
        }
        OsHandle closing = handles.close(hClientHandle);
        if (closing == null) {
            return closed(hClientHandle, "(invalid)", INVALID_HANDLE, CloseEvent.Outcome.INVALID, start); // another close won
        }
        ((Client) closing.state()).close(); // WL-05, WL-06 even if the OS close is deferred
        int rc = closing.closeResult();
        if (rc == OsHandle.DEFERRED) {
            return closed(hClientHandle, TYPE, OK, CloseEvent.Outcome.DEFERRED_BEHIND_CALL, start); // WS-14 style
        }
        return closed(hClientHandle, TYPE, rc, rc == OK ? CloseEvent.Outcome.CLOSED : CloseEvent.Outcome.OS_ERROR, start);
    }

    private int closed(long handle, String type, int error, CloseEvent.Outcome outcome, long start) {
        if (session.closeEvents().enabled()) {
            session.closeEvents().emit(HandleSpace.WLAN, "WlanCloseHandle", handle, type, error, outcome, start);
        }
        return error;
    }

    private int withClient(long value, ToIntFunction<HANDLE> call) {
        return handles.call(value, h -> call.applyAsInt(NativeHandles.handle(h.os())), () -> INVALID_HANDLE);
    }

    @Override
    public int WlanEnumInterfaces(long hClientHandle, Object pReserved, Ref<WLAN_INTERFACE_INFO_LIST> ppInterfaceList) {
        if (hClientHandle == 0 || pReserved != null || ppInterfaceList == null) {
            return INVALID_PARAMETER;
        }
        return withClient(hClientHandle, h -> {
            PointerByReference out = new PointerByReference();
            int rc = wlan.WlanEnumInterfaces(h, null, out);
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
        });
    }

    @Override
    public int WlanScan(long hClientHandle, UUID pInterfaceGuid, DOT11_SSID pDot11Ssid, byte[] pIeData, Object pReserved) {
        if (hClientHandle == 0 || pReserved != null || pInterfaceGuid == null) {
            return INVALID_PARAMETER;
        }
        io.teardown.backend.windows.jna.DOT11_SSID ssid = pDot11Ssid == null ? null : ssid(pDot11Ssid);
        Memory ie = null;
        if (pIeData != null) {
            // WLAN_RAW_DATA: DWORD dwDataSize; BYTE DataBlob[].
            ie = new Memory(4L + Math.max(1, pIeData.length));
            ie.setInt(0, pIeData.length);
            ie.write(4, pIeData, 0, pIeData.length);
        }
        Memory ieData = ie;
        return withClient(hClientHandle, h -> wlan.WlanScan(h, guid(pInterfaceGuid), ssid, ieData, null));
    }

    @Override
    public int WlanGetAvailableNetworkList(long hClientHandle, UUID pInterfaceGuid, int dwFlags, Object pReserved,
                                           Ref<WLAN_AVAILABLE_NETWORK_LIST> ppAvailableNetworkList) {
        if (hClientHandle == 0 || pReserved != null || pInterfaceGuid == null || ppAvailableNetworkList == null) {
            return INVALID_PARAMETER;
        }
        return withClient(hClientHandle, h -> {
            PointerByReference out = new PointerByReference();
            int rc = wlan.WlanGetAvailableNetworkList(h, guid(pInterfaceGuid), dwFlags, null, out);
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
        });
    }

    @Override
    public int WlanConnect(long hClientHandle, UUID pInterfaceGuid, WLAN_CONNECTION_PARAMETERS pConnectionParameters,
                           Object pReserved) {
        if (hClientHandle == 0 || pReserved != null || pInterfaceGuid == null || pConnectionParameters == null) {
            return INVALID_PARAMETER;
        }
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
        int rc = withClient(hClientHandle, h -> wlan.WlanConnect(h, guid(pInterfaceGuid), p, null));
        Reference.reachabilityFence(ssid); // p points into the SSID's memory
        return rc;
    }

    @Override
    public int WlanDisconnect(long hClientHandle, UUID pInterfaceGuid, Object pReserved) {
        if (hClientHandle == 0 || pReserved != null || pInterfaceGuid == null) {
            return INVALID_PARAMETER;
        }
        return withClient(hClientHandle, h -> wlan.WlanDisconnect(h, guid(pInterfaceGuid), null));
    }

    @Override
    public int WlanRegisterNotification(long hClientHandle, int dwNotifSource, boolean bIgnoreDuplicate,
                                        WLAN_NOTIFICATION_CALLBACK funcCallback, Object pCallbackContext,
                                        Object pReserved, IntRef pdwPrevNotifSource) {
        if (hClientHandle == 0 || pReserved != null || (dwNotifSource & ~WLAN_NOTIFICATION_SOURCE_ALL) != 0
                || (dwNotifSource != WLAN_NOTIFICATION_SOURCE_NONE && funcCallback == null)) {
            return INVALID_PARAMETER;
        }
        return handles.call(hClientHandle, entry -> {
            Client client = (Client) entry.state();
            IntByReference previous = new IntByReference();
            WlanNotifications.Listener listener = data -> {
                if (funcCallback == null || !client.enter()) {
                    return; // WL-05: nothing is delivered once WlanCloseHandle was called
                }
                try {
                    funcCallback.callback(convert(data), pCallbackContext);
                } finally {
                    client.exit();
                }
            };
            int rc = notifications.register(NativeHandles.handle(entry.os()), dwNotifSource, bIgnoreDuplicate,
                    listener, previous);
            if (rc == OK && pdwPrevNotifSource != null) {
                pdwPrevNotifSource.value = previous.getValue();
            }
            return rc;
        }, () -> INVALID_HANDLE);
    }

    @Override
    public void WlanFreeMemory(Object pMemory) {
        // Lists were copied into Java objects and their native memory freed at once; nothing to free here.
    }

    /** Whether the calling thread is inside a notification callback of the client {@code value} names. */
    boolean insideCallback(long value) {
        OsHandle h = handles.peek(value);
        return h != null && notifications.insideCallback(NativeHandles.handle(h.os()));
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

    /** The Windows {@code GUID} of a UUID (Data1-3 from the high half, Data4 big-endian from the low). */
    static GUID guid(UUID u) {
        GUID g = new GUID();
        long msb = u.getMostSignificantBits();
        g.Data1 = (int) (msb >>> 32);
        g.Data2 = (short) (msb >>> 16);
        g.Data3 = (short) msb;
        g.Data4 = ByteBuffer.allocate(8).putLong(u.getLeastSignificantBits()).array();
        return g;
    }

    /** The UUID of a Windows {@code GUID}. */
    static UUID uuid(GUID g) {
        long msb = ((long) g.Data1 << 32) | ((g.Data2 & 0xFFFFL) << 16) | (g.Data3 & 0xFFFFL);
        long lsb = ByteBuffer.wrap(g.Data4).getLong();
        return new UUID(msb, lsb);
    }
}
