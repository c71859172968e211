package io.teardown.wlan.front;

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
import io.teardown.wlan.WLAN_AVAILABLE_NETWORK_LIST;
import io.teardown.wlan.WLAN_CONNECTION_PARAMETERS;
import io.teardown.wlan.WLAN_INTERFACE_INFO_LIST;
import io.teardown.wlan.WLAN_NOTIFICATION_CALLBACK;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.spi.WlanDriver;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.function.ToIntFunction;

/**
 * {@link WlanApi} written once for every backend: what Windows' contract says about a {@code Wlan*}
 * call before the WLAN service is asked, in front of a {@link WlanDriver} that does the work.
 *
 * <ul>
 *   <li>Argument checks that precede the handle lookup: a non-null {@code pReserved}, a NULL client
 *       handle, NULL interface GUIDs, out-pointers or connection parameters, a connection mode without
 *       its profile name or SSID, unknown notification sources, a source without a callback — all
 *       {@code ERROR_INVALID_PARAMETER} (87), and a rejected call reaches nothing (WL-01, WL-02).</li>
 *   <li>Client handles are values of the session's {@link HandleSpace#WLAN} table; a value that names
 *       no open client gives {@code ERROR_INVALID_HANDLE} (6) without reaching the driver (WL-03, WL-08).
 *       A call leases the handle, so a close racing it takes effect when it returns and the driver
 *       releases the connection only then (WL-08).</li>
 *   <li>{@code WlanCloseHandle} from inside the session's own callback is refused with
 *       {@code ERROR_POSSIBLE_DEADLOCK} (1131), or deferred where configured and the driver can (WL-07);
 *       otherwise notifications stop (WL-05, WL-06) and the handle is gone. Every close is reported to
 *       the session's close events.</li>
 *   <li>Every function returns its error code and leaves the session's last error alone (WL-01).</li>
 * </ul>
 *
 * <p>See <a href="https://github.com/teardown-io/teardown/blob/main/docs/wlan.md">docs/wlan.md</a>.
 */
public final class WlanFront implements WlanApi {
    /** {@code refuse} (the default: {@code ERROR_POSSIBLE_DEADLOCK}) or {@code defer} (WL-07). */
    public static final String CLOSE_IN_CALLBACK_PROPERTY = "teardown.wlan.closeInCallback";

    private static final int OK = 0;
    private static final int INVALID_PARAMETER = Win32Error.ERROR_INVALID_PARAMETER.code();
    private static final int INVALID_HANDLE = Win32Error.ERROR_INVALID_HANDLE.code();
    private static final String NO_TYPE = "(invalid)";

    private final Session session;
    private final HandleTable<HandleEntry> table;
    private final WlanDriver driver;
    private final boolean deferCloseInCallback;

    /**
     * The front of {@code session} over {@code driver}.
     *
     * @throws IllegalArgumentException if {@code teardown.wlan.closeInCallback} is neither refuse nor defer
     */
    public WlanFront(Session session, WlanDriver driver) {
        this.session = Objects.requireNonNull(session, "session");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.table = session.handles(HandleSpace.WLAN);
        String mode = session.property(CLOSE_IN_CALLBACK_PROPERTY).orElse("refuse").trim().toLowerCase(Locale.ROOT);
        if (!mode.equals("refuse") && !mode.equals("defer")) {
            throw new IllegalArgumentException("-D" + CLOSE_IN_CALLBACK_PROPERTY + "=" + mode + ": expected refuse or defer");
        }
        this.deferCloseInCallback = mode.equals("defer") && driver.closesFromOwnCallback();
    }

    @Override
    public int WlanOpenHandle(int dwClientVersion, Object pReserved, IntRef pdwNegotiatedVersion, LongRef phClientHandle) {
        if (pReserved != null || pdwNegotiatedVersion == null || phClientHandle == null) {
            return INVALID_PARAMETER; // WL-01: what wlanapi returns for these; nothing is opened
        }
        WlanDriver.Opened opened = driver.open(dwClientVersion);
        if (opened instanceof WlanDriver.Opened.Failed failed) {
            return failed.error(); // WL-01, WL-04: the outputs stay untouched
        }
        WlanDriver.Opened.Session client = (WlanDriver.Opened.Session) opened;
        ClientEntry entry = new ClientEntry(client.client());
        long handle;
        try {
            handle = table.insert(entry);
        } catch (Win32Exception full) {
            entry.reclaim(); // the connection must not outlive the refused handle
            return full.code();
        }
        pdwNegotiatedVersion.value = client.negotiatedVersion();
        phClientHandle.value = handle;
        return OK;
    }

    @Override
    public int WlanCloseHandle(long hClientHandle, Object pReserved) {
        long start = System.nanoTime();
        if (hClientHandle == 0 || pReserved != null) {
            return closed(hClientHandle, NO_TYPE, INVALID_PARAMETER, CloseEvent.Outcome.REJECTED, start); // WL-02
        }
        if (!(table.get(hClientHandle) instanceof ClientEntry open)) {
            return closed(hClientHandle, NO_TYPE, INVALID_HANDLE, CloseEvent.Outcome.INVALID, start); // WL-03, WL-08
        }
        if (open.client().inOwnCallback() && !deferCloseInCallback) {
            // Windows would wait for this very callback to return: a deadlock. Refuse instead (WL-07).
            return closed(hClientHandle, ClientEntry.TYPE, Win32Error.ERROR_POSSIBLE_DEADLOCK.code(),
                    CloseEvent.Outcome.REFUSED_IN_CALLBACK, start);
        }
        // The value closes whatever it names now (if it was closed and reused meanwhile, the new owner, as
        // on Windows). With no call in flight the table releases the connection here and now.
        if (!(table.close(hClientHandle) instanceof ClientEntry closing)) {
            return closed(hClientHandle, NO_TYPE, INVALID_HANDLE, CloseEvent.Outcome.INVALID, start); // another close won
        }
        WlanDriver.Stopped stopped = closing.client().stopNotifications(); // WL-05, WL-06, even behind a call
        int rc = closing.releaseResult();
        if (rc == ClientEntry.PENDING) {
            return closed(hClientHandle, ClientEntry.TYPE, OK, CloseEvent.Outcome.DEFERRED_BEHIND_CALL, start);
        }
        if (rc != OK) {
            return closed(hClientHandle, ClientEntry.TYPE, rc, CloseEvent.Outcome.OS_ERROR, start);
        }
        CloseEvent.Outcome outcome = switch (stopped) {
            case WAITED_FOR_CALLBACK -> CloseEvent.Outcome.WAITED_FOR_CALLBACK;
            case FROM_OWN_CALLBACK -> CloseEvent.Outcome.DEFERRED;
            case IDLE -> CloseEvent.Outcome.CLOSED;
        };
        return closed(hClientHandle, ClientEntry.TYPE, OK, outcome, start);
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
        return withClient(hClientHandle, c -> driver.enumInterfaces(c, ppInterfaceList));
    }

    @Override
    public int WlanScan(long hClientHandle, UUID pInterfaceGuid, DOT11_SSID pDot11Ssid, byte[] pIeData, Object pReserved) {
        if (hClientHandle == 0 || pReserved != null || pInterfaceGuid == null) {
            return INVALID_PARAMETER;
        }
        return withClient(hClientHandle, c -> driver.scan(c, pInterfaceGuid, pDot11Ssid, pIeData));
    }

    @Override
    public int WlanGetAvailableNetworkList(long hClientHandle, UUID pInterfaceGuid, int dwFlags, Object pReserved,
                                           Ref<WLAN_AVAILABLE_NETWORK_LIST> ppAvailableNetworkList) {
        if (hClientHandle == 0 || pReserved != null || pInterfaceGuid == null || ppAvailableNetworkList == null) {
            return INVALID_PARAMETER;
        }
        return withClient(hClientHandle, c -> driver.getAvailableNetworkList(c, pInterfaceGuid, dwFlags, ppAvailableNetworkList));
    }

    @Override
    public int WlanConnect(long hClientHandle, UUID pInterfaceGuid, WLAN_CONNECTION_PARAMETERS pConnectionParameters,
                           Object pReserved) {
        if (hClientHandle == 0 || pReserved != null || pInterfaceGuid == null || pConnectionParameters == null
                || !complete(pConnectionParameters)) {
            return INVALID_PARAMETER;
        }
        return withClient(hClientHandle, c -> driver.connect(c, pInterfaceGuid, pConnectionParameters));
    }

    /**
     * Whether the parameters carry what their connection mode needs, as {@code WlanConnect} checks: a
     * profile name for {@code wlan_connection_mode_profile}, an SSID for the discovery modes, and a mode
     * Windows accepts at all.
     */
    private static boolean complete(WLAN_CONNECTION_PARAMETERS p) {
        return switch (p.wlanConnectionMode) {
            case wlan_connection_mode_profile -> p.strProfile != null;
            case wlan_connection_mode_temporary_profile -> true;
            case wlan_connection_mode_discovery_secure, wlan_connection_mode_discovery_unsecure -> p.pDot11Ssid != null;
            default -> false;
        };
    }

    @Override
    public int WlanDisconnect(long hClientHandle, UUID pInterfaceGuid, Object pReserved) {
        if (hClientHandle == 0 || pReserved != null || pInterfaceGuid == null) {
            return INVALID_PARAMETER;
        }
        return withClient(hClientHandle, c -> driver.disconnect(c, pInterfaceGuid));
    }

    @Override
    public int WlanRegisterNotification(long hClientHandle, int dwNotifSource, boolean bIgnoreDuplicate,
                                        WLAN_NOTIFICATION_CALLBACK funcCallback, Object pCallbackContext,
                                        Object pReserved, IntRef pdwPrevNotifSource) {
        if (hClientHandle == 0 || pReserved != null || (dwNotifSource & ~WLAN_NOTIFICATION_SOURCE_ALL) != 0
                || (dwNotifSource != WLAN_NOTIFICATION_SOURCE_NONE && funcCallback == null)) {
            return INVALID_PARAMETER;
        }
        IntRef previous = new IntRef();
        int rc = withClient(hClientHandle, c -> driver.registerNotification(c, dwNotifSource, bIgnoreDuplicate,
                funcCallback, pCallbackContext, previous));
        if (rc == OK && pdwPrevNotifSource != null) {
            pdwPrevNotifSource.value = previous.value;
        }
        return rc;
    }

    @Override
    public void WlanFreeMemory(Object pMemory) {
        // Returned lists are Java objects the garbage collector owns; nothing to free.
    }

    /** Runs {@code call} with the handle leased (a racing close takes effect when the call returns, WL-08). */
    private int withClient(long handle, ToIntFunction<WlanDriver.Client> call) {
        HandleEntry e = table.acquire(handle);
        if (e == null) {
            return INVALID_HANDLE; // WL-03, WL-08
        }
        try {
            return e instanceof ClientEntry c ? call.applyAsInt(c.client()) : INVALID_HANDLE;
        } finally {
            table.release(handle);
        }
    }
}
