package io.teardown.backend.windows.jna;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** {@code WLAN_AVAILABLE_NETWORK} ({@code wlanapi.h}) — 628 bytes. Enums and BOOLs are 32-bit. */
@FieldOrder({"strProfileName", "dot11Ssid", "dot11BssType", "uNumberOfBssids", "bNetworkConnectable",
        "wlanNotConnectableReason", "uNumberOfPhyTypes", "dot11PhyTypes", "bMorePhyTypes",
        "wlanSignalQuality", "bSecurityEnabled", "dot11DefaultAuthAlgorithm",
        "dot11DefaultCipherAlgorithm", "dwFlags", "dwReserved"})
public final class WLAN_AVAILABLE_NETWORK extends Structure {
    /** {@code WLAN_MAX_PHY_TYPE_NUMBER}. */
    public static final int WLAN_MAX_PHY_TYPE_NUMBER = 8;

    /** {@code WCHAR[256]} profile name as UTF-16LE bytes; see {@link #profileName()}. */
    public byte[] strProfileName = new byte[2 * WlanApiLibrary.WLAN_MAX_NAME_LENGTH];
    /** The SSID. */
    public DOT11_SSID dot11Ssid;
    /** {@code DOT11_BSS_TYPE}. */
    public int dot11BssType;
    /** Number of BSSIDs. */
    public int uNumberOfBssids;
    /** BOOL. */
    public int bNetworkConnectable;
    /** {@code WLAN_REASON_CODE}. */
    public int wlanNotConnectableReason;
    /** Number of valid {@link #dot11PhyTypes}. */
    public int uNumberOfPhyTypes;
    /** {@code DOT11_PHY_TYPE[8]}. */
    public int[] dot11PhyTypes = new int[WLAN_MAX_PHY_TYPE_NUMBER];
    /** BOOL. */
    public int bMorePhyTypes;
    /** 0 … 100. */
    public int wlanSignalQuality;
    /** BOOL. */
    public int bSecurityEnabled;
    /** {@code DOT11_AUTH_ALGORITHM}. */
    public int dot11DefaultAuthAlgorithm;
    /** {@code DOT11_CIPHER_ALGORITHM}. */
    public int dot11DefaultCipherAlgorithm;
    /** {@code WLAN_AVAILABLE_NETWORK_*} flags. */
    public int dwFlags;
    /** Reserved. */
    public int dwReserved;

    /** Empty (array element). */
    public WLAN_AVAILABLE_NETWORK() {
    }

    /** The profile name text. */
    public String profileName() {
        return Utf16.decode(strProfileName);
    }
}
