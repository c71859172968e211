package io.teardown.backend.windows.jna;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.jna.Memory;
import io.teardown.winsock.GUID;
import io.teardown.winsock.WSAPROTOCOL_INFOW;
import org.junit.jupiter.api.Test;

/** {@link ProtocolInfoLayout}: winsock2.h's {@code WSAPROTOCOL_INFOW} offsets, and a lossless round trip. */
class ProtocolInfoLayoutTest {
    @Test
    void offsetsAreTheCLayout() {
        WSAPROTOCOL_INFOW info = new WSAPROTOCOL_INFOW();
        info.dwServiceFlags1 = 0x20066;
        info.ProviderId = GUID.of(0xe70f1aa0, 0xab8b, 0x11cf, 0x8c, 0xa3, 0x00, 0x80, 0x5f, 0x48, 0xa1, 0x92);
        info.dwCatalogEntryId = 1001;
        info.iVersion = 2;
        info.iAddressFamily = 2;
        info.iSocketType = 1;
        info.iProtocol = 6;
        info.dwProviderReserved = 0x1234;
        info.szProtocol = "MSAFD Tcpip [TCP/IP]";
        Memory m = ProtocolInfoLayout.write(info);
        assertEquals(628, m.size(), "sizeof(WSAPROTOCOL_INFOW)");
        assertEquals(0x20066, m.getInt(0));
        assertArrayEquals(info.ProviderId.bytes(), m.getByteArray(20, 16), "ProviderId");
        assertEquals(1001, m.getInt(36), "dwCatalogEntryId");
        assertEquals(2, m.getInt(72), "iVersion");
        assertEquals(2, m.getInt(76), "iAddressFamily");
        assertEquals(1, m.getInt(88), "iSocketType");
        assertEquals(6, m.getInt(92), "iProtocol");
        assertEquals(0x1234, m.getInt(112), "dwProviderReserved");
        assertEquals('M', m.getChar(116), "szProtocol (UTF-16)");
    }

    @Test
    void roundTripKeepsEveryMember() {
        WSAPROTOCOL_INFOW info = new WSAPROTOCOL_INFOW();
        info.dwServiceFlags1 = 1;
        info.dwServiceFlags2 = 2;
        info.dwServiceFlags3 = 3;
        info.dwServiceFlags4 = 4;
        info.dwProviderFlags = 5;
        info.ProviderId = GUID.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);
        info.dwCatalogEntryId = 6;
        info.ProtocolChainLen = 1;
        info.ProtocolChainEntries = new int[] {7, 8, 9, 10, 11, 12, 13};
        info.iVersion = 14;
        info.iAddressFamily = 23;
        info.iMaxSockAddr = 28;
        info.iMinSockAddr = 28;
        info.iSocketType = 2;
        info.iProtocol = 17;
        info.iProtocolMaxOffset = 15;
        info.iNetworkByteOrder = 1;
        info.iSecurityScheme = 16;
        info.dwMessageSize = 0xFFBB;
        info.dwProviderReserved = 17;
        info.szProtocol = "MSAFD Tcpip [UDP/IPv6]";
        WSAPROTOCOL_INFOW back = new WSAPROTOCOL_INFOW();
        ProtocolInfoLayout.read(ProtocolInfoLayout.write(info), back);
        assertEquals(info.ProviderId, back.ProviderId);
        assertArrayEquals(info.ProtocolChainEntries, back.ProtocolChainEntries);
        assertEquals(info.szProtocol, back.szProtocol);
        int[] a = {info.dwServiceFlags1, info.dwServiceFlags2, info.dwServiceFlags3, info.dwServiceFlags4,
            info.dwProviderFlags, info.dwCatalogEntryId, info.ProtocolChainLen, info.iVersion, info.iAddressFamily,
            info.iMaxSockAddr, info.iMinSockAddr, info.iSocketType, info.iProtocol, info.iProtocolMaxOffset,
            info.iNetworkByteOrder, info.iSecurityScheme, info.dwMessageSize, info.dwProviderReserved};
        int[] b = {back.dwServiceFlags1, back.dwServiceFlags2, back.dwServiceFlags3, back.dwServiceFlags4,
            back.dwProviderFlags, back.dwCatalogEntryId, back.ProtocolChainLen, back.iVersion, back.iAddressFamily,
            back.iMaxSockAddr, back.iMinSockAddr, back.iSocketType, back.iProtocol, back.iProtocolMaxOffset,
            back.iNetworkByteOrder, back.iSecurityScheme, back.dwMessageSize, back.dwProviderReserved};
        assertArrayEquals(a, b);
    }
}
