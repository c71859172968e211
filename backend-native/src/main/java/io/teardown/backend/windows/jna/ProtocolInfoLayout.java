package io.teardown.backend.windows.jna;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.teardown.winsock.GUID;
import io.teardown.winsock.WSAPROTOCOL_INFOW;
import java.nio.charset.StandardCharsets;

/**
 * The C layout of {@code WSAPROTOCOL_INFOW} (winsock2.h; the same on 32- and 64-bit Windows: no
 * pointers), for {@code WSADuplicateSocketW} and {@code WSASocketW} (WS-19): every member is copied,
 * so a structure Windows filled goes back to Windows unchanged.
 */
public final class ProtocolInfoLayout {
    /** {@code sizeof(WSAPROTOCOL_INFOW)}. */
    static final int SIZE = 628;
    static final int PROVIDER_ID = 20;
    static final int CATALOG_ENTRY_ID = 36;
    static final int PROTOCOL_CHAIN = 40;
    static final int I_VERSION = 72;
    static final int DW_PROVIDER_RESERVED = 112;
    static final int SZ_PROTOCOL = 116;
    private static final int SZ_PROTOCOL_CHARS = WSAPROTOCOL_INFOW.WSAPROTOCOL_LEN + 1;

    private ProtocolInfoLayout() {
    }

    /** Cleared native memory for one structure (for Windows to fill). */
    public static Memory allocate() {
        Memory m = new Memory(SIZE);
        m.clear();
        return m;
    }

    /** Native memory holding {@code info} in C layout. */
    public static Memory write(WSAPROTOCOL_INFOW info) {
        Memory m = allocate();
        int[] head = {info.dwServiceFlags1, info.dwServiceFlags2, info.dwServiceFlags3, info.dwServiceFlags4,
            info.dwProviderFlags};
        for (int i = 0; i < head.length; i++) {
            m.setInt(4L * i, head[i]);
        }
        if (info.ProviderId != null) {
            m.write(PROVIDER_ID, info.ProviderId.bytes(), 0, GUID.SIZE);
        }
        m.setInt(CATALOG_ENTRY_ID, info.dwCatalogEntryId);
        m.setInt(PROTOCOL_CHAIN, info.ProtocolChainLen);
        for (int i = 0; i < WSAPROTOCOL_INFOW.MAX_PROTOCOL_CHAIN; i++) {
            int entry = info.ProtocolChainEntries != null && i < info.ProtocolChainEntries.length
                    ? info.ProtocolChainEntries[i] : 0;
            m.setInt(PROTOCOL_CHAIN + 4 + 4L * i, entry);
        }
        int[] tail = {info.iVersion, info.iAddressFamily, info.iMaxSockAddr, info.iMinSockAddr, info.iSocketType,
            info.iProtocol, info.iProtocolMaxOffset, info.iNetworkByteOrder, info.iSecurityScheme, info.dwMessageSize,
            info.dwProviderReserved};
        for (int i = 0; i < tail.length; i++) {
            m.setInt(I_VERSION + 4L * i, tail[i]);
        }
        String name = info.szProtocol == null ? "" : info.szProtocol;
        byte[] utf16 = name.substring(0, Math.min(name.length(), SZ_PROTOCOL_CHARS - 1))
                .getBytes(StandardCharsets.UTF_16LE);
        m.write(SZ_PROTOCOL, utf16, 0, utf16.length); // the terminator is the cleared memory after it
        return m;
    }

    /** Copies the C structure at {@code p} into {@code info}. */
    public static void read(Pointer p, WSAPROTOCOL_INFOW info) {
        info.dwServiceFlags1 = p.getInt(0);
        info.dwServiceFlags2 = p.getInt(4);
        info.dwServiceFlags3 = p.getInt(8);
        info.dwServiceFlags4 = p.getInt(12);
        info.dwProviderFlags = p.getInt(16);
        info.ProviderId = GUID.read(p.getByteArray(PROVIDER_ID, GUID.SIZE), GUID.SIZE);
        info.dwCatalogEntryId = p.getInt(CATALOG_ENTRY_ID);
        info.ProtocolChainLen = p.getInt(PROTOCOL_CHAIN);
        info.ProtocolChainEntries = new int[WSAPROTOCOL_INFOW.MAX_PROTOCOL_CHAIN];
        for (int i = 0; i < WSAPROTOCOL_INFOW.MAX_PROTOCOL_CHAIN; i++) {
            info.ProtocolChainEntries[i] = p.getInt(PROTOCOL_CHAIN + 4 + 4L * i);
        }
        info.iVersion = p.getInt(I_VERSION);
        info.iAddressFamily = p.getInt(I_VERSION + 4);
        info.iMaxSockAddr = p.getInt(I_VERSION + 8);
        info.iMinSockAddr = p.getInt(I_VERSION + 12);
        info.iSocketType = p.getInt(I_VERSION + 16);
        info.iProtocol = p.getInt(I_VERSION + 20);
        info.iProtocolMaxOffset = p.getInt(I_VERSION + 24);
        info.iNetworkByteOrder = p.getInt(I_VERSION + 28);
        info.iSecurityScheme = p.getInt(I_VERSION + 32);
        info.dwMessageSize = p.getInt(I_VERSION + 36);
        info.dwProviderReserved = p.getInt(DW_PROVIDER_RESERVED);
        byte[] chars = p.getByteArray(SZ_PROTOCOL, 2 * SZ_PROTOCOL_CHARS);
        int n = 0;
        while (n + 1 < chars.length && (chars[n] != 0 || chars[n + 1] != 0)) {
            n += 2;
        }
        info.szProtocol = new String(chars, 0, n, StandardCharsets.UTF_16LE);
    }
}
