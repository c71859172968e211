package io.teardown.backend.windows.jna;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the structures do with their bytes: list items read with their own count, network order,
 * NUL-terminated text, and the Win32 member order of {@code WSADATA}. Their Win64 sizes and offsets
 * are {@link BindingAbiTest}'s, against the headers.
 */
class StructureLayoutTest {
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
