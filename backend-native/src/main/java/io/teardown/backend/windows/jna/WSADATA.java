package io.teardown.backend.windows.jna;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code WSADATA}, filled by {@code WSAStartup}. Its member order differs between Win64 (version
 * words, the two counts and {@code lpVendorInfo}, then the two strings: 408 bytes) and Win32 (the
 * strings first: 400 bytes); {@link #fieldOrder(int)} picks the layout from the pointer size, the
 * same switch as {@code #ifdef _WIN64} in {@code winsock.h}.
 */
public final class WSADATA extends Structure {
    /** {@code WSADESCRIPTION_LEN}. */
    public static final int WSADESCRIPTION_LEN = 256;
    /** {@code WSASYS_STATUS_LEN}. */
    public static final int WSASYS_STATUS_LEN = 128;

    /** Version the caller is expected to use (low byte major). */
    public short wVersion;
    /** Highest version this DLL supports. */
    public short wHighVersion;
    /** Obsolete since Winsock 2; kept for the layout. */
    public short iMaxSockets;
    /** Obsolete since Winsock 2; kept for the layout. */
    public short iMaxUdpDg;
    /** Obsolete since Winsock 2; kept for the layout. */
    public Pointer lpVendorInfo;
    /** NUL-terminated ANSI description. */
    public byte[] szDescription = new byte[WSADESCRIPTION_LEN + 1];
    /** NUL-terminated ANSI status. */
    public byte[] szSystemStatus = new byte[WSASYS_STATUS_LEN + 1];

    /** Empty, to pass to {@code WSAStartup}. */
    public WSADATA() {
    }

    /** The member order for a process with the given pointer size (8: Win64, 4: Win32). */
    public static List<String> fieldOrder(int pointerSize) {
        return pointerSize == 8
                ? List.of("wVersion", "wHighVersion", "iMaxSockets", "iMaxUdpDg", "lpVendorInfo",
                        "szDescription", "szSystemStatus")
                : List.of("wVersion", "wHighVersion", "szDescription", "szSystemStatus", "iMaxSockets",
                        "iMaxUdpDg", "lpVendorInfo");
    }

    @Override
    protected List<String> getFieldOrder() {
        return fieldOrder(Native.POINTER_SIZE);
    }

    /** {@link #szDescription} up to its NUL. */
    public String description() {
        return ansi(szDescription);
    }

    private static String ansi(byte[] text) {
        int end = 0;
        while (end < text.length && text[end] != 0) {
            end++;
        }
        return new String(text, 0, end, StandardCharsets.ISO_8859_1);
    }
}
