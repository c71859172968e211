package io.teardown.backend.windows.jna;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Handle value conversions, and the library loader's refusal off Windows. */
class NativeHandlesTest {
    @Test
    void handleValuesRoundTripIncludingPseudoHandles() {
        for (long v : new long[] {4, 0x7FFC, 0x1_0000_0004L, -1, -2, -6, -10, -12}) {
            assertEquals(v, NativeHandles.value(NativeHandles.handle(v)), "value " + v);
            assertEquals(v, NativeHandles.value(NativeHandles.hinternet(v)), "hinternet " + v);
        }
        assertNull(NativeHandles.handle(0));
        assertEquals(0, NativeHandles.value((com.sun.jna.platform.win32.WinNT.HANDLE) null));
        assertTrue(NativeHandles.hinternet(0).isNull());
    }

    @Test
    void invalidSocketIsMinusOneOnEveryPointerSize() {
        assertEquals(-1, NativeHandles.value(NativeHandles.socket(-1)));
        assertTrue(NativeHandles.socket(-1).isInvalid());
        assertEquals(0x1234, NativeHandles.value(NativeHandles.socket(0x1234)));
    }

    @Test
    void win32ValuesAreSignExtendedLikeHandleToLong() {
        assertEquals(-1, NativeHandles.signExtend(0xFFFF_FFFFL, 4), "GetCurrentProcess() on Win32");
        assertEquals(-6, NativeHandles.signExtend(0xFFFF_FFFAL, 4));
        assertEquals(0x7FFC, NativeHandles.signExtend(0x7FFC, 4));
        assertEquals(0xFFFF_FFFFL, NativeHandles.signExtend(0xFFFF_FFFFL, 8), "a truncated pseudo-handle stays invalid on Win64");
    }

    @Test
    @DisabledOnOs(OS.WINDOWS)
    void librariesRefuseOffWindowsBeforeJnaLoadsAnything() {
        WindowsLibraries libs = new WindowsLibraries();
        assertAll(
                () -> assertThrows(UnsupportedOperationException.class, libs::kernel32),
                () -> assertThrows(UnsupportedOperationException.class, libs::advapi32),
                () -> assertThrows(UnsupportedOperationException.class, libs::ktmw32),
                () -> assertThrows(UnsupportedOperationException.class, libs::ws2_32),
                () -> assertThrows(UnsupportedOperationException.class, libs::wininet),
                () -> assertThrows(UnsupportedOperationException.class, libs::wlanapi));
    }
}
