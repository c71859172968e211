package io.teardown.backend.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Guid.GUID;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link WlanApiLibrary} that records calls and answers from a script (no DLL). Like wlanapi it
 * returns error codes and never touches the last error; it remembers the registered callback so a
 * test can deliver notifications like the WLAN service's threads.
 */
public final class RecordingWlanApi extends Recording implements WlanApiLibrary {
    public final AtomicReference<WLAN_NOTIFICATION_CALLBACK> registered = new AtomicReference<>();
    /** The callback registered per OS client value. */
    public final Map<Long, WLAN_NOTIFICATION_CALLBACK> registeredBy = new ConcurrentHashMap<>();
    /** The OS client values handed out, in order: 0x1000, 0x1010, … (never reused, unless a test says so). */
    public final AtomicLong nextClient = new AtomicLong(0x1000);

    public RecordingWlanApi(LastErrorSlot slot) {
        super(slot);
    }

    private static long v(HANDLE h) {
        return h == null ? 0 : Pointer.nativeValue(h.getPointer());
    }

    @Override
    public int WlanOpenHandle(int dwClientVersion, Pointer pReserved, IntByReference pdwNegotiatedVersion,
            HANDLEByReference phClientHandle) {
        long rc = call("WlanOpenHandle", dwClientVersion);
        if (rc == 0) {
            pdwNegotiatedVersion.setValue(dwClientVersion);
            phClientHandle.setValue(new HANDLE(new Pointer(nextClient.getAndAdd(0x10))));
        }
        return (int) rc;
    }

    @Override
    public int WlanCloseHandle(HANDLE hClientHandle, Pointer pReserved) {
        return (int) call("WlanCloseHandle", v(hClientHandle), pReserved);
    }

    @Override
    public int WlanEnumInterfaces(HANDLE hClientHandle, Pointer pReserved, PointerByReference ppInterfaceList) {
        return (int) call("WlanEnumInterfaces", v(hClientHandle));
    }

    @Override
    public int WlanScan(HANDLE hClientHandle, GUID pInterfaceGuid, DOT11_SSID pDot11Ssid, Pointer pIeData,
            Pointer pReserved) {
        return (int) call("WlanScan", v(hClientHandle));
    }

    @Override
    public int WlanGetAvailableNetworkList(HANDLE hClientHandle, GUID pInterfaceGuid, int dwFlags,
            Pointer pReserved, PointerByReference ppAvailableNetworkList) {
        return (int) call("WlanGetAvailableNetworkList", v(hClientHandle), dwFlags);
    }

    @Override
    public int WlanConnect(HANDLE hClientHandle, GUID pInterfaceGuid,
            WLAN_CONNECTION_PARAMETERS pConnectionParameters, Pointer pReserved) {
        return (int) call("WlanConnect", v(hClientHandle));
    }

    @Override
    public int WlanDisconnect(HANDLE hClientHandle, GUID pInterfaceGuid, Pointer pReserved) {
        return (int) call("WlanDisconnect", v(hClientHandle));
    }

    @Override
    public int WlanRegisterNotification(HANDLE hClientHandle, int dwNotifSource, boolean bIgnoreDuplicate,
            WLAN_NOTIFICATION_CALLBACK funcCallback, Pointer pCallbackContext, Pointer pReserved,
            IntByReference pdwPrevNotifSource) {
        long rc = call("WlanRegisterNotification", v(hClientHandle), dwNotifSource, bIgnoreDuplicate);
        if (rc == 0) {
            registered.set(funcCallback);
            registeredBy.put(v(hClientHandle), funcCallback);
        }
        return (int) rc;
    }

    @Override
    public void WlanFreeMemory(Pointer pMemory) {
        call("WlanFreeMemory", pMemory);
    }
}
