package io.teardown.wlan;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.wlan.front.WlanFront;
import io.teardown.wlan.spi.WlanProviders;
import java.util.UUID;

/**
 * The flat, C-shaped face of wlanapi ({@code WlanOpenHandle}, {@code WlanCloseHandle},
 * {@code WlanRegisterNotification} …): exact C names and parameter order, for code ported from C and
 * for the conformance runner. Every method reports what Windows reports.
 *
 * <p>Like the C functions, every {@code Wlan*} function <em>returns</em> its error code (a DWORD,
 * {@code ERROR_SUCCESS} = 0) and leaves the thread's last error untouched (WL-01). Pointers are Java
 * references, {@code null} standing for NULL: {@code pReserved} must be null (WL-02), out-parameters
 * are {@link IntRef}, {@link LongRef} and {@link Ref} holders. Client handles live in the session's
 * {@link io.teardown.api.HandleSpace#WLAN} table. Rules: WL-01 … WL-08, described in
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/wlan.md">docs/wlan.md</a>.
 *
 * <pre>{@code
 * WlanApi wlan = WlanApi.of(session);        // embedded WLAN service by default (Netty backend)
 * IntRef negotiated = new IntRef();
 * LongRef client = new LongRef();
 * wlan.WlanOpenHandle(2, null, negotiated, client);
 * wlan.WlanRegisterNotification(client.value, WLAN_NOTIFICATION_SOURCE_ALL, false,
 *         (data, context) -> System.out.println(data), null, null, null);
 * wlan.WlanCloseHandle(client.value, null);  // waits for a running callback; queued ones dropped
 * }</pre>
 */
public interface WlanApi {
    /** {@code WLAN_API_VERSION_1_0}: Windows XP SP2/SP3 clients. */
    int WLAN_API_VERSION_1_0 = 1;
    /** {@code WLAN_API_VERSION_2_0}: Windows Vista and later. */
    int WLAN_API_VERSION_2_0 = 2;

    /** {@code WLAN_NOTIFICATION_SOURCE_NONE}: unregisters. */
    int WLAN_NOTIFICATION_SOURCE_NONE = 0;
    /** {@code WLAN_NOTIFICATION_SOURCE_ONEX}. */
    int WLAN_NOTIFICATION_SOURCE_ONEX = 0x04;
    /** {@code WLAN_NOTIFICATION_SOURCE_ACM}: the auto-configuration module (scans, connections). */
    int WLAN_NOTIFICATION_SOURCE_ACM = 0x08;
    /** {@code WLAN_NOTIFICATION_SOURCE_MSM}: the media-specific module (association, signal quality). */
    int WLAN_NOTIFICATION_SOURCE_MSM = 0x10;
    /** {@code WLAN_NOTIFICATION_SOURCE_SECURITY}. */
    int WLAN_NOTIFICATION_SOURCE_SECURITY = 0x20;
    /** {@code WLAN_NOTIFICATION_SOURCE_IHV}. */
    int WLAN_NOTIFICATION_SOURCE_IHV = 0x40;
    /** {@code WLAN_NOTIFICATION_SOURCE_HNWK}. */
    int WLAN_NOTIFICATION_SOURCE_HNWK = 0x80;
    /** {@code WLAN_NOTIFICATION_SOURCE_ALL}. */
    int WLAN_NOTIFICATION_SOURCE_ALL = 0xFFFF;

    /** {@code wlan_notification_acm_scan_complete}. */
    int wlan_notification_acm_scan_complete = 7;
    /** {@code wlan_notification_acm_scan_fail}. */
    int wlan_notification_acm_scan_fail = 8;
    /** {@code wlan_notification_acm_connection_start}. */
    int wlan_notification_acm_connection_start = 9;
    /** {@code wlan_notification_acm_connection_complete}. */
    int wlan_notification_acm_connection_complete = 10;
    /** {@code wlan_notification_acm_connection_attempt_fail}. */
    int wlan_notification_acm_connection_attempt_fail = 11;
    /** {@code wlan_notification_acm_interface_arrival}. */
    int wlan_notification_acm_interface_arrival = 13;
    /** {@code wlan_notification_acm_interface_removal}. */
    int wlan_notification_acm_interface_removal = 14;
    /** {@code wlan_notification_acm_network_not_available}. */
    int wlan_notification_acm_network_not_available = 18;
    /** {@code wlan_notification_acm_network_available}. */
    int wlan_notification_acm_network_available = 19;
    /** {@code wlan_notification_acm_disconnecting}. */
    int wlan_notification_acm_disconnecting = 20;
    /** {@code wlan_notification_acm_disconnected}. */
    int wlan_notification_acm_disconnected = 21;

    /** {@code wlan_notification_msm_associating}. */
    int wlan_notification_msm_associating = 1;
    /** {@code wlan_notification_msm_associated}. */
    int wlan_notification_msm_associated = 2;
    /** {@code wlan_notification_msm_connected}. */
    int wlan_notification_msm_connected = 4;
    /** {@code wlan_notification_msm_signal_quality_change}; {@code pData} is the new quality (ULONG). */
    int wlan_notification_msm_signal_quality_change = 8;
    /** {@code wlan_notification_msm_disassociating}. */
    int wlan_notification_msm_disassociating = 9;
    /** {@code wlan_notification_msm_disconnected}. */
    int wlan_notification_msm_disconnected = 10;

    /** {@code wlan_interface_state_not_ready}. */
    int wlan_interface_state_not_ready = 0;
    /** {@code wlan_interface_state_connected}. */
    int wlan_interface_state_connected = 1;
    /** {@code wlan_interface_state_disconnecting}. */
    int wlan_interface_state_disconnecting = 3;
    /** {@code wlan_interface_state_disconnected}. */
    int wlan_interface_state_disconnected = 4;
    /** {@code wlan_interface_state_associating}. */
    int wlan_interface_state_associating = 5;

    /** {@code wlan_connection_mode_profile}. */
    int wlan_connection_mode_profile = 0;
    /** {@code wlan_connection_mode_temporary_profile}. */
    int wlan_connection_mode_temporary_profile = 1;
    /** {@code wlan_connection_mode_discovery_secure}. */
    int wlan_connection_mode_discovery_secure = 2;
    /** {@code wlan_connection_mode_discovery_unsecure}. */
    int wlan_connection_mode_discovery_unsecure = 3;

    /** {@code dot11_BSS_type_infrastructure}. */
    int dot11_BSS_type_infrastructure = 1;
    /** {@code dot11_BSS_type_independent}. */
    int dot11_BSS_type_independent = 2;
    /** {@code dot11_BSS_type_any}. */
    int dot11_BSS_type_any = 3;

    /** {@code WLAN_AVAILABLE_NETWORK_CONNECTED}: the interface is connected to this network. */
    int WLAN_AVAILABLE_NETWORK_CONNECTED = 0x1;
    /** {@code WLAN_AVAILABLE_NETWORK_HAS_PROFILE}: a profile exists for this network. */
    int WLAN_AVAILABLE_NETWORK_HAS_PROFILE = 0x2;

    /**
     * The session's {@code WlanApi}, built once: the front that applies the rules every backend shares,
     * over the driver of the backend selected for the session.
     */
    static WlanApi of(Session session) {
        return session.component(WlanApi.class, s -> new WlanFront(s, WlanProviders.REGISTRY.select(s).create(s)));
    }

    /**
     * {@code WlanOpenHandle}: opens a client session to the WLAN service (WL-01). Fails with
     * {@code ERROR_INVALID_PARAMETER} (87) for a non-null {@code pReserved} or a null out-parameter,
     * {@code ERROR_SERVICE_NOT_ACTIVE} (1062) when the service is not running (checked before the
     * version, WL-04), {@code ERROR_NOT_SUPPORTED} (50) for a version other than 1 and 2 (outputs
     * untouched).
     *
     * @param dwClientVersion      the highest API version the client supports (1 or 2)
     * @param pReserved            must be null
     * @param pdwNegotiatedVersion receives the version that will be used
     * @param phClientHandle       receives the client handle
     * @return {@code ERROR_SUCCESS} or the error
     */
    int WlanOpenHandle(int dwClientVersion, Object pReserved, IntRef pdwNegotiatedVersion, LongRef phClientHandle);

    /**
     * {@code WlanCloseHandle}: closes the client session's connection to the service (WL-01). Queued
     * notifications are discarded (WL-05); a running callback is waited for (WL-06); a call from inside
     * the session's own callback is refused with {@code ERROR_POSSIBLE_DEADLOCK} (1131), or deferred if
     * the session is so configured (WL-07). A null handle or a non-null {@code pReserved} gives 87 and
     * closes nothing (WL-02); an unknown or closed handle gives 6 (WL-03).
     */
    int WlanCloseHandle(long hClientHandle, Object pReserved);

    /** {@code WlanEnumInterfaces}: the wireless interfaces of the machine. */
    int WlanEnumInterfaces(long hClientHandle, Object pReserved, Ref<WLAN_INTERFACE_INFO_LIST> ppInterfaceList);

    /**
     * {@code WlanScan}: asks the interface to scan; completion is reported as
     * {@code wlan_notification_acm_scan_complete} to registered sessions.
     */
    int WlanScan(long hClientHandle, UUID pInterfaceGuid, DOT11_SSID pDot11Ssid, byte[] pIeData, Object pReserved);

    /** {@code WlanGetAvailableNetworkList}: the networks the interface's last scan saw. */
    int WlanGetAvailableNetworkList(long hClientHandle, UUID pInterfaceGuid, int dwFlags, Object pReserved,
                                    Ref<WLAN_AVAILABLE_NETWORK_LIST> ppAvailableNetworkList);

    /**
     * {@code WlanConnect}: starts connecting the interface; progress is reported as ACM and MSM
     * notifications ({@code connection_start}, {@code connection_complete}, {@code msm_connected}, or
     * {@code connection_attempt_fail}).
     */
    int WlanConnect(long hClientHandle, UUID pInterfaceGuid, WLAN_CONNECTION_PARAMETERS pConnectionParameters,
                    Object pReserved);

    /** {@code WlanDisconnect}: disconnects the interface ({@code acm_disconnecting}, {@code acm_disconnected}). */
    int WlanDisconnect(long hClientHandle, UUID pInterfaceGuid, Object pReserved);

    /**
     * {@code WlanRegisterNotification}: registers (or, with {@code WLAN_NOTIFICATION_SOURCE_NONE},
     * unregisters) the session's notification callback. {@code bIgnoreDuplicate} drops a notification
     * equal to the one before it.
     *
     * @param pdwPrevNotifSource receives the sources registered before, if not null
     */
    int WlanRegisterNotification(long hClientHandle, int dwNotifSource, boolean bIgnoreDuplicate,
                                 WLAN_NOTIFICATION_CALLBACK funcCallback, Object pCallbackContext,
                                 Object pReserved, IntRef pdwPrevNotifSource);

    /**
     * {@code WlanFreeMemory}: frees memory the API returned. In Java the garbage collector owns it, so
     * this accepts any value (null included) and does nothing; it exists so ported C code reads the
     * same.
     */
    void WlanFreeMemory(Object pMemory);
}
