package io.teardown.wlan.spi;

import io.teardown.api.IntRef;
import io.teardown.api.Ref;
import io.teardown.wlan.DOT11_SSID;
import io.teardown.wlan.WLAN_AVAILABLE_NETWORK_LIST;
import io.teardown.wlan.WLAN_CONNECTION_PARAMETERS;
import io.teardown.wlan.WLAN_INTERFACE_INFO_LIST;
import io.teardown.wlan.WLAN_NOTIFICATION_CALLBACK;
import java.util.UUID;

/**
 * What a backend does for the WLAN front ({@link io.teardown.wlan.WlanApi}): the work of each
 * {@code Wlan*} function once the front has checked its arguments and resolved the client handle.
 *
 * <p>The front owns everything Windows' contract says before the service is asked: the argument checks
 * that precede the handle lookup (WL-01, WL-02), the session's {@code HandleSpace.WLAN} table and its
 * leases (WL-03, WL-08: a driver never sees a value, only a {@link Client} it opened), the close-in-callback
 * refusal (WL-07), close events and the untouched last error. A driver method is called only with
 * arguments the front accepted, and returns a Windows error code (0 = {@code ERROR_SUCCESS}).
 * Out-parameters are never null. The portable engine is one driver, the JNA bindings the other. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/wlan.md">docs/wlan.md</a>.
 */
public interface WlanDriver {
    /** {@code WlanOpenHandle}'s work: a client session at {@code dwClientVersion}, or the error (WL-01, WL-04). */
    Opened open(int dwClientVersion);

    /** {@code WlanEnumInterfaces}' work. */
    int enumInterfaces(Client client, Ref<WLAN_INTERFACE_INFO_LIST> ppInterfaceList);

    /** {@code WlanScan}'s work; {@code pDot11Ssid} and {@code pIeData} may be null. */
    int scan(Client client, UUID pInterfaceGuid, DOT11_SSID pDot11Ssid, byte[] pIeData);

    /** {@code WlanGetAvailableNetworkList}'s work. */
    int getAvailableNetworkList(Client client, UUID pInterfaceGuid, int dwFlags,
                                Ref<WLAN_AVAILABLE_NETWORK_LIST> ppAvailableNetworkList);

    /** {@code WlanConnect}'s work; the connection mode and its required members were checked. */
    int connect(Client client, UUID pInterfaceGuid, WLAN_CONNECTION_PARAMETERS pConnectionParameters);

    /** {@code WlanDisconnect}'s work. */
    int disconnect(Client client, UUID pInterfaceGuid);

    /**
     * {@code WlanRegisterNotification}'s work; {@code funcCallback} may be null only for
     * {@code WLAN_NOTIFICATION_SOURCE_NONE}. On success {@code pdwPrevNotifSource} receives the sources
     * registered before.
     */
    int registerNotification(Client client, int dwNotifSource, boolean bIgnoreDuplicate,
                             WLAN_NOTIFICATION_CALLBACK funcCallback, Object pCallbackContext, IntRef pdwPrevNotifSource);

    /**
     * Whether a client may be closed from inside its own notification callback, the close finishing
     * when the callback returns ({@code teardown.wlan.closeInCallback=defer}, WL-07). A driver that
     * cannot (Windows' own {@code WlanCloseHandle} would wait for that callback) keeps the default, and
     * the front refuses such a close with {@code ERROR_POSSIBLE_DEADLOCK} whatever the configuration.
     */
    default boolean closesFromOwnCallback() {
        return false;
    }

    /** The result of {@link #open}: a client or the error {@code WlanOpenHandle} returns. */
    sealed interface Opened {
        /** A client session at the version the service agreed to. */
        record Session(Client client, int negotiatedVersion) implements Opened {
        }

        /** No session; {@code error} is what {@code WlanOpenHandle} returns (50, 1062, 5 …). */
        record Failed(int error) implements Opened {
        }
    }

    /** How {@link Client#stopNotifications()} found the session's callbacks. */
    enum Stopped {
        /** No callback was running. */
        IDLE,
        /** A callback was running on another thread; the stop waited for it (WL-06). */
        WAITED_FOR_CALLBACK,
        /** Called from inside the session's own callback: it ends when that callback returns (WL-07, defer). */
        FROM_OWN_CALLBACK
    }

    /**
     * One client session of this driver: what a WLAN client handle names. The front holds it in the
     * session's handle table and hands it to the driver's methods while the handle is leased.
     */
    interface Client {
        /** Whether the calling thread is running one of this session's notification callbacks (WL-07). */
        boolean inOwnCallback();

        /**
         * Stops notifications: none is delivered after this returns and queued ones are discarded
         * (WL-05); a callback running on another thread is waited for (WL-06). Idempotent: a later call
         * reports what the first found.
         */
        Stopped stopNotifications();

        /**
         * Releases the session's connection to the service. Called once by the front: when the handle
         * was closed and no call that leased it is still in flight, or when the Teardown session closes
         * with the handle open. Returns 0 or the error the close reported.
         */
        int release();
    }
}
