package io.teardown.backend.windows.jna;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.platform.win32.Guid.GUID;
import com.sun.jna.platform.win32.WinBase.OVERLAPPED;
import com.sun.jna.platform.win32.WinBase.SECURITY_ATTRIBUTES;
import com.sun.jna.platform.win32.WinBase.WIN32_FIND_DATA;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Field order, member offsets and total size of every structure, as laid out on 64-bit Windows. The
 * expected values were worked out by hand from the SDK header definitions (quoted on each row) with
 * MSVC's x64 rules (natural alignment, pointers 8 bytes, {@code long}/enums/BOOL 4 bytes) and are
 * compared with what JNA computes — no DLL is needed, so this runs on 64-bit Linux too, where the
 * GNU x86-64 rules coincide with MSVC's for these members.
 */
class StructureLayoutTest {
    /** Expected layout: member → offset (in declaration order), and total size. */
    private record Layout(Supplier<? extends Structure> create, Map<String, Integer> offsets, int size) {
    }

    private static Map<String, Integer> fields(Object... nameOffset) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < nameOffset.length; i += 2) {
            m.put((String) nameOffset[i], (Integer) nameOffset[i + 1]);
        }
        return m;
    }

    private static final Map<String, Layout> WIN64 = new LinkedHashMap<>();

    static {
        // winsock.h: struct linger { u_short l_onoff; u_short l_linger; };
        WIN64.put("linger", new Layout(linger::new, fields("l_onoff", 0, "l_linger", 2), 4));
        // winsock.h, _WIN64 branch: WORD, WORD, u_short, u_short, char*, char[257], char[129]
        WIN64.put("WSADATA", new Layout(WSADATA::new, fields("wVersion", 0, "wHighVersion", 2, "iMaxSockets", 4,
                "iMaxUdpDg", 6, "lpVendorInfo", 8, "szDescription", 16, "szSystemStatus", 273), 408));
        // ws2def.h: ADDRESS_FAMILY sin_family; USHORT sin_port; IN_ADDR sin_addr; CHAR sin_zero[8];
        WIN64.put("sockaddr_in", new Layout(sockaddr_in::new,
                fields("sin_family", 0, "sin_port", 2, "sin_addr", 4, "sin_zero", 8), 16));
        // ws2ipdef.h: ADDRESS_FAMILY; USHORT; ULONG sin6_flowinfo; IN6_ADDR; union { ULONG; SCOPE_ID; }
        WIN64.put("sockaddr_in6", new Layout(sockaddr_in6::new, fields("sin6_family", 0, "sin6_port", 2,
                "sin6_flowinfo", 4, "sin6_addr", 8, "sin6_scope_id", 24), 28));
        // ws2def.h: ULONG len; CHAR *buf;
        WIN64.put("WSABUF", new Layout(WSABUF::new, fields("len", 0, "buf", 8), 16));
        // minwinbase.h (WSAOVERLAPPED is #defined to OVERLAPPED in winsock2.h):
        // ULONG_PTR Internal; ULONG_PTR InternalHigh; union { struct { DWORD Offset; DWORD OffsetHigh; }; PVOID; }; HANDLE hEvent;
        WIN64.put("OVERLAPPED", new Layout(OVERLAPPED::new, fields("Internal", 0, "InternalHigh", 8, "Offset", 16,
                "OffsetHigh", 20, "hEvent", 24), 32));
        // minwinbase.h: DWORD nLength; LPVOID lpSecurityDescriptor; BOOL bInheritHandle; (jna-platform's)
        WIN64.put("SECURITY_ATTRIBUTES", new Layout(SECURITY_ATTRIBUTES::new,
                fields("dwLength", 0, "lpSecurityDescriptor", 8, "bInheritHandle", 16), 24));
        // winsock2.h: long lNetworkEvents; int iErrorCode[FD_MAX_EVENTS = 10];
        WIN64.put("WSANETWORKEVENTS", new Layout(WSANETWORKEVENTS::new,
                fields("lNetworkEvents", 0, "iErrorCode", 4), 44));
        // wininet.h: DWORD_PTR dwResult; DWORD dwError;
        WIN64.put("INTERNET_ASYNC_RESULT", new Layout(INTERNET_ASYNC_RESULT::new,
                fields("dwResult", 0, "dwError", 8), 16));
        // guiddef.h: unsigned long Data1; unsigned short Data2, Data3; unsigned char Data4[8];
        WIN64.put("GUID", new Layout(GUID::new, fields("Data1", 0, "Data2", 4, "Data3", 6, "Data4", 8), 16));
        // windot11.h: ULONG uSSIDLength; UCHAR ucSSID[DOT11_SSID_MAX_LENGTH = 32];
        WIN64.put("DOT11_SSID", new Layout(DOT11_SSID::new, fields("uSSIDLength", 0, "ucSSID", 4), 36));
        // l2cmn.h (WLAN_NOTIFICATION_DATA = L2_NOTIFICATION_DATA): DWORD, DWORD, GUID, DWORD, PVOID
        WIN64.put("WLAN_NOTIFICATION_DATA", new Layout(WLAN_NOTIFICATION_DATA::new, fields("NotificationSource", 0,
                "NotificationCode", 4, "InterfaceGuid", 8, "dwDataSize", 24, "pData", 32), 40));
        // wlanapi.h: GUID InterfaceGuid; WCHAR strInterfaceDescription[256]; WLAN_INTERFACE_STATE isState;
        WIN64.put("WLAN_INTERFACE_INFO", new Layout(WLAN_INTERFACE_INFO::new,
                fields("InterfaceGuid", 0, "strInterfaceDescription", 16, "isState", 528), 532));
        // wlanapi.h: DWORD dwNumberOfItems; DWORD dwIndex; WLAN_INTERFACE_INFO InterfaceInfo[1];
        WIN64.put("WLAN_INTERFACE_INFO_LIST", new Layout(WLAN_INTERFACE_INFO_LIST::new,
                fields("dwNumberOfItems", 0, "dwIndex", 4, "InterfaceInfo", 8), 540));
        // wlanapi.h: WCHAR[256]; DOT11_SSID; DOT11_BSS_TYPE; ULONG; BOOL; WLAN_REASON_CODE; ULONG;
        // DOT11_PHY_TYPE[8]; BOOL; WLAN_SIGNAL_QUALITY; BOOL; DOT11_AUTH_ALGORITHM;
        // DOT11_CIPHER_ALGORITHM; DWORD dwFlags; DWORD dwReserved;
        WIN64.put("WLAN_AVAILABLE_NETWORK", new Layout(WLAN_AVAILABLE_NETWORK::new, fields("strProfileName", 0,
                "dot11Ssid", 512, "dot11BssType", 548, "uNumberOfBssids", 552, "bNetworkConnectable", 556,
                "wlanNotConnectableReason", 560, "uNumberOfPhyTypes", 564, "dot11PhyTypes", 568,
                "bMorePhyTypes", 600, "wlanSignalQuality", 604, "bSecurityEnabled", 608,
                "dot11DefaultAuthAlgorithm", 612, "dot11DefaultCipherAlgorithm", 616, "dwFlags", 620,
                "dwReserved", 624), 628));
        // wlanapi.h: DWORD dwNumberOfItems; DWORD dwIndex; WLAN_AVAILABLE_NETWORK Network[1];
        WIN64.put("WLAN_AVAILABLE_NETWORK_LIST", new Layout(WLAN_AVAILABLE_NETWORK_LIST::new,
                fields("dwNumberOfItems", 0, "dwIndex", 4, "Network", 8), 636));
        // wlanapi.h: WLAN_CONNECTION_MODE; LPCWSTR strProfile; PDOT11_SSID; PDOT11_BSSID_LIST;
        // DOT11_BSS_TYPE; DWORD dwFlags;
        WIN64.put("WLAN_CONNECTION_PARAMETERS", new Layout(WLAN_CONNECTION_PARAMETERS::new,
                fields("wlanConnectionMode", 0, "strProfile", 8, "pDot11Ssid", 16, "pDesiredBssidList", 24,
                        "dot11BssType", 32, "dwFlags", 36), 40));
    }

    @BeforeAll
    static void layoutsAreWin64() {
        assumeTrue(Native.POINTER_SIZE == 8, "the expected layouts are Win64's; this JVM is 32-bit");
    }

    @TestFactory
    Stream<DynamicTest> everyStructureHasTheWin64Layout() {
        return WIN64.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
            Layout expected = e.getValue();
            Structure s = expected.create().get();
            assertEquals(e.getKey(), s.getClass().getSimpleName());
            assertEquals(new ArrayList<>(expected.offsets().keySet()), fieldOrder(s), "field order");
            for (Map.Entry<String, Integer> f : expected.offsets().entrySet()) {
                assertEquals(f.getValue(), fieldOffset(s, f.getKey()), "offset of " + f.getKey());
            }
            assertEquals(expected.size(), s.size(), "size");
        }));
    }

    @Test
    @EnabledOnOs(value = OS.WINDOWS, disabledReason = "jna-platform's WIN32_FIND_DATA uses char[], which is "
            + "4 bytes per char off Windows; the bindings pass it as a Pointer and read it only on Windows")
    void findDataHasTheWin64LayoutOnWindows() {
        // minwinbase.h WIN32_FIND_DATAW: DWORD; FILETIME x3; DWORD x4; WCHAR[260]; WCHAR[14]
        WIN32_FIND_DATA data = new WIN32_FIND_DATA();
        assertEquals(44, fieldOffset(data, "cFileName"));
        assertEquals(564, fieldOffset(data, "cAlternateFileName"));
        assertEquals(592, data.size());
    }

    @Test
    void win32WsadataPutsTheStringsFirst() {
        // winsock.h, #else (Win32) branch: the two strings come before the counts and the pointer.
        assertEquals(List.of("wVersion", "wHighVersion", "szDescription", "szSystemStatus", "iMaxSockets",
                "iMaxUdpDg", "lpVendorInfo"), WSADATA.fieldOrder(4));
        assertEquals(fieldOrder(new WSADATA()), WSADATA.fieldOrder(Native.POINTER_SIZE));
    }

    @Test
    void interfaceListIsReadWithItsOwnCount() {
        WLAN_INTERFACE_INFO one = new WLAN_INTERFACE_INFO();
        int element = one.size();
        Memory m = new Memory(8 + 2L * element);
        m.clear();
        m.setInt(0, 2);
        writeUtf16(m, 8 + 16, "Wi-Fi adapter A");
        m.setInt(8 + 528, 1); // wlan_interface_state_connected
        writeUtf16(m, 8 + element + 16, "Wi-Fi adapter B");
        m.setInt(8 + element + 528, 4); // wlan_interface_state_disconnected
        WLAN_INTERFACE_INFO_LIST list = new WLAN_INTERFACE_INFO_LIST(m);
        assertEquals(2, list.items().size());
        assertEquals("Wi-Fi adapter A", list.items().get(0).description());
        assertEquals(1, list.items().get(0).isState);
        assertEquals("Wi-Fi adapter B", list.items().get(1).description());
        assertEquals(4, list.items().get(1).isState);
    }

    @Test
    void emptyNetworkListHasNoItems() {
        Memory m = new Memory(new WLAN_AVAILABLE_NETWORK_LIST().size());
        m.clear();
        assertEquals(List.of(), new WLAN_AVAILABLE_NETWORK_LIST(m).items());
    }

    @Test
    void networkListReadsSsidAndProfile() {
        int element = new WLAN_AVAILABLE_NETWORK().size();
        Memory m = new Memory(8 + element);
        m.clear();
        m.setInt(0, 1);
        writeUtf16(m, 8, "home");
        m.setInt(8 + 512, 4);
        m.write(8 + 516, "home".getBytes(StandardCharsets.UTF_8), 0, 4);
        m.setInt(8 + 604, 87);
        WLAN_AVAILABLE_NETWORK n = new WLAN_AVAILABLE_NETWORK_LIST(m).items().get(0);
        assertEquals("home", n.profileName());
        assertEquals("home", n.dot11Ssid.text());
        assertEquals(87, n.wlanSignalQuality);
    }

    @Test
    void sockaddrInIsInNetworkOrder() {
        sockaddr_in sa = sockaddr_in.of(new byte[] {127, 0, 0, 1}, 0x1F90);
        sa.write();
        Pointer p = sa.getPointer();
        assertArrayEquals(new byte[] {2, 0, 0x1F, (byte) 0x90, 127, 0, 0, 1}, p.getByteArray(0, 8));
        assertEquals(0x1F90, sa.port());
        assertThrows(IllegalArgumentException.class, () -> sockaddr_in.of(new byte[16], 80));
        sockaddr_in6 sa6 = sockaddr_in6.of(new byte[16], 443);
        sa6.write();
        assertEquals(23, sa6.getPointer().getShort(0));
    }

    @Test
    void lingerIsTwoUnsignedShorts() {
        linger l = new linger(1, 65535);
        l.write();
        assertEquals(1, Short.toUnsignedInt(l.getPointer().getShort(0)));
        assertEquals(65535, Short.toUnsignedInt(l.getPointer().getShort(2)));
    }

    @Test
    void wsadataDescriptionStopsAtNul() {
        WSADATA data = new WSADATA();
        byte[] text = "WinSock 2.0".getBytes(StandardCharsets.ISO_8859_1);
        System.arraycopy(text, 0, data.szDescription, 0, text.length);
        assertEquals("WinSock 2.0", data.description());
    }

    private static void writeUtf16(Memory m, long offset, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_16LE);
        m.write(offset, bytes, 0, bytes.length);
    }

    @SuppressWarnings("unchecked")
    private static List<String> fieldOrder(Structure s) {
        return (List<String>) invoke(s, "getFieldOrder", new Class<?>[0]);
    }

    private static int fieldOffset(Structure s, String field) {
        return (Integer) invoke(s, "fieldOffset", new Class<?>[] {String.class}, field);
    }

    private static Object invoke(Structure s, String name, Class<?>[] types, Object... args) {
        try {
            Method m = findMethod(s.getClass(), name, types);
            m.setAccessible(true); // protected JNA API; com.sun.jna is an automatic module (open)
            return m.invoke(s, args);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Method findMethod(Class<?> c, String name, Class<?>[] types) throws NoSuchMethodException {
        for (Class<?> k = c; k != null; k = k.getSuperclass()) {
            try {
                return k.getDeclaredMethod(name, types);
            } catch (NoSuchMethodException e) {
                // keep looking in the superclass
            }
        }
        throw new NoSuchMethodException(name);
    }
}
