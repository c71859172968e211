package io.teardown.backend.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Guid.GUID;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * wlanapi (Native Wifi client): the session and notification functions of WL-01 … WL-08. Every
 * function <em>returns</em> its error code ({@code ERROR_SUCCESS} = 0) and leaves the thread's last
 * error alone (WL-01), except {@link #WlanFreeMemory}, which returns nothing. Lists it returns live in
 * memory the caller frees with {@link #WlanFreeMemory}.
 *
 * <p>A notification callback must stay reachable until {@link #WlanCloseHandle} has returned, and
 * must never call {@code WlanCloseHandle} itself (WL-07: deadlock): {@link WlanNotifications} does both.
 */
public interface WlanApiLibrary extends StdCallLibrary {
    /** The DLL this interface binds (BindingAbiTest checks each export against it). */
    String DLL = "wlanapi";
    // The API's constants (versions, notification sources and codes, connection modes) are the facade's:
    // io.teardown.wlan.WlanApi, the same numbers; only what the facade has no use for is declared here.

    /** {@code WLAN_MAX_NAME_LENGTH}. */
    int WLAN_MAX_NAME_LENGTH = 256;

    /** Loads wlanapi (Windows only; absent on Server editions without the Wireless LAN feature). */
    static WlanApiLibrary load() {
        return WindowsOnly.load(DLL, WlanApiLibrary.class);
    }

    /**
     * {@code VOID WINAPI WLAN_NOTIFICATION_CALLBACK(PWLAN_NOTIFICATION_DATA, PVOID context)}, called on
     * a service thread; must not call {@code WlanCloseHandle} (WL-07) and must not throw.
     */
    interface WLAN_NOTIFICATION_CALLBACK extends StdCallCallback {
        /** One notification; the data is valid only during the call. */
        void callback(WLAN_NOTIFICATION_DATA data, Pointer context);
    }

    /**
     * {@code DWORD WlanOpenHandle(DWORD dwClientVersion, PVOID pReserved, PDWORD pdwNegotiatedVersion,
     * PHANDLE phClientHandle)} — WL-01, WL-04.
     */
    int WlanOpenHandle(int dwClientVersion, Pointer pReserved, IntByReference pdwNegotiatedVersion,
            HANDLEByReference phClientHandle);

    /** {@code DWORD WlanCloseHandle(HANDLE hClientHandle, PVOID pReserved)} — WL-01 … WL-08. */
    int WlanCloseHandle(HANDLE hClientHandle, Pointer pReserved);

    /**
     * {@code DWORD WlanEnumInterfaces(HANDLE, PVOID pReserved, PWLAN_INTERFACE_INFO_LIST
     * *ppInterfaceList)}; read the list with {@link WLAN_INTERFACE_INFO_LIST#WLAN_INTERFACE_INFO_LIST(Pointer)}.
     */
    int WlanEnumInterfaces(HANDLE hClientHandle, Pointer pReserved, PointerByReference ppInterfaceList);

    /** {@code DWORD WlanScan(HANDLE, const GUID *pInterfaceGuid, const PDOT11_SSID, const PWLAN_RAW_DATA pIeData, PVOID pReserved)}. */
    int WlanScan(HANDLE hClientHandle, GUID pInterfaceGuid, DOT11_SSID pDot11Ssid, Pointer pIeData,
            Pointer pReserved);

    /**
     * {@code DWORD WlanGetAvailableNetworkList(HANDLE, const GUID *pInterfaceGuid, DWORD dwFlags, PVOID
     * pReserved, PWLAN_AVAILABLE_NETWORK_LIST *ppAvailableNetworkList)}.
     */
    int WlanGetAvailableNetworkList(HANDLE hClientHandle, GUID pInterfaceGuid, int dwFlags, Pointer pReserved,
            PointerByReference ppAvailableNetworkList);

    /** {@code DWORD WlanConnect(HANDLE, const GUID *pInterfaceGuid, const PWLAN_CONNECTION_PARAMETERS, PVOID pReserved)}. */
    int WlanConnect(HANDLE hClientHandle, GUID pInterfaceGuid, WLAN_CONNECTION_PARAMETERS pConnectionParameters,
            Pointer pReserved);

    /** {@code DWORD WlanDisconnect(HANDLE hClientHandle, const GUID *pInterfaceGuid, PVOID pReserved)}. */
    int WlanDisconnect(HANDLE hClientHandle, GUID pInterfaceGuid, Pointer pReserved);

    /**
     * {@code DWORD WlanRegisterNotification(HANDLE, DWORD dwNotifSource, BOOL bIgnoreDuplicate,
     * WLAN_NOTIFICATION_CALLBACK funcCallback, PVOID pCallbackContext, PVOID pReserved, PDWORD
     * pdwPrevNotifSource)}. Use {@link WlanNotifications#register}, which keeps the callback reachable.
     */
    int WlanRegisterNotification(HANDLE hClientHandle, int dwNotifSource, boolean bIgnoreDuplicate,
            WLAN_NOTIFICATION_CALLBACK funcCallback, Pointer pCallbackContext, Pointer pReserved,
            IntByReference pdwPrevNotifSource);

    /** {@code VOID WlanFreeMemory(PVOID pMemory)}. */
    void WlanFreeMemory(Pointer pMemory);
}
