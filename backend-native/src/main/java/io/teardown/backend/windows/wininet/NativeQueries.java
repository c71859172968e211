package io.teardown.backend.windows.wininet;

import com.sun.jna.Memory;
import com.sun.jna.ptr.IntByReference;
import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Win32Error;
import io.teardown.backend.windows.jna.HINTERNET;
import io.teardown.backend.windows.jna.NativeCalls;
import io.teardown.backend.windows.jna.WinInetLibrary;
import io.teardown.wininet.WinInet;
import java.nio.charset.StandardCharsets;

/**
 * The JNA driver's queries and options: {@code HttpQueryInfoA} over the W function (UTF-16 in, ANSI out),
 * {@code InternetSetOption}/{@code InternetQueryOption} with the facade's holders marshalled to native
 * memory, and {@code INTERNET_OPTION_CALLBACK} answered with the Java callback. Each returns 0 or the
 * Windows error.
 */
final class NativeQueries {
    private static final int INVALID_PARAMETER = Win32Error.ERROR_INVALID_PARAMETER.code();
    private static final int INSUFFICIENT_BUFFER = Win32Error.ERROR_INSUFFICIENT_BUFFER.code();

    private final WinInetLibrary lib;
    private final NativeCalls calls;

    NativeQueries(WinInetLibrary lib, NativeCalls calls) {
        this.lib = lib;
        this.calls = calls;
    }

    /** {@code HttpQueryInfoA} on an open request handle. */
    int queryInfo(NativeInternetHandle e, int dwInfoLevel, byte[] lpBuffer, IntRef lpdwBufferLength, IntRef lpdwIndex) {
        boolean number = (dwInfoLevel & WinInet.HTTP_QUERY_FLAG_NUMBER) != 0;
        int capacity = lpBuffer == null ? 0 : Math.max(0, Math.min(lpdwBufferLength.value, lpBuffer.length));
        int wideBytes = number ? capacity : capacity * 2;
        Memory buffer = wideBytes == 0 ? null : new Memory(wideBytes);
        if (buffer != null) {
            buffer.clear();
            if ((dwInfoLevel & 0xFFFF) == WinInet.HTTP_QUERY_CUSTOM && !number) {
                String name = ansi(lpBuffer, capacity);
                byte[] w = (name + "\0").getBytes(StandardCharsets.UTF_16LE);
                buffer.write(0, w, 0, Math.min(w.length, wideBytes));
            }
        }
        IntByReference length = new IntByReference(wideBytes);
        IntByReference index = lpdwIndex == null ? null : new IntByReference(lpdwIndex.value);
        NativeCalls.CapturedBool r = calls.callBool(() -> lib.HttpQueryInfo(e.h(), dwInfoLevel, buffer, length, index));
        if (!r.ok()) {
            if (r.lastError() == INSUFFICIENT_BUFFER) {
                lpdwBufferLength.value = number ? length.getValue() : length.getValue() / 2;
            }
            return NativeWinInetDriver.error(r.lastError());
        }
        if (number) {
            buffer.read(0, lpBuffer, 0, Math.min(4, capacity));
            lpdwBufferLength.value = 4;
        } else {
            String value = length.getValue() == 0 ? "" : new String(buffer.getByteArray(0, length.getValue()),
                    StandardCharsets.UTF_16LE);
            byte[] a = value.getBytes(StandardCharsets.ISO_8859_1);
            if (a.length + 1 > capacity) {
                lpdwBufferLength.value = a.length + 1;
                return INSUFFICIENT_BUFFER;
            }
            System.arraycopy(a, 0, lpBuffer, 0, a.length);
            lpBuffer[a.length] = 0;
            lpdwBufferLength.value = a.length;
        }
        if (lpdwIndex != null) {
            lpdwIndex.value = index.getValue();
        }
        return 0;
    }

    private static String ansi(byte[] b, int max) {
        int n = 0;
        while (n < max && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /** {@code InternetSetOption}; {@code e} null: the NULL handle. */
    int setOption(NativeInternetHandle e, int dwOption, Object lpBuffer, int dwBufferLength) {
        Memory buffer = optionBuffer(lpBuffer);
        if (lpBuffer != null && buffer == null) {
            return INVALID_PARAMETER;
        }
        HINTERNET handle = e == null ? null : e.h();
        NativeCalls.CapturedBool r = calls.callBool(() -> lib.InternetSetOption(handle, dwOption, buffer, dwBufferLength));
        if (!r.ok()) {
            return NativeWinInetDriver.error(r.lastError());
        }
        if (e != null && dwOption == WinInet.INTERNET_OPTION_CONTEXT_VALUE) {
            e.context = buffer.getLong(0);
        }
        return 0;
    }

    /** A DWORD ({@link IntRef}/{@link Integer}) or pointer-sized ({@link LongRef}/{@link Long}) option value. */
    private static Memory optionBuffer(Object value) {
        Memory m = new Memory(8);
        m.clear();
        if (value instanceof IntRef i) {
            m.setInt(0, i.value);
        } else if (value instanceof Integer i) {
            m.setInt(0, i);
        } else if (value instanceof LongRef l) {
            m.setLong(0, l.value);
        } else if (value instanceof Long l) {
            m.setLong(0, l);
        } else {
            return null;
        }
        return m;
    }

    /** {@code InternetQueryOption}; {@code e} null: the NULL handle. */
    int queryOption(NativeInternetHandle e, int dwOption, Object lpBuffer, IntRef lpdwBufferLength) {
        if (e != null && dwOption == WinInet.INTERNET_OPTION_CALLBACK) {
            // WinINet would return our dispatcher's address; the Java program wants its own callback.
            if (lpBuffer == null || lpdwBufferLength.value < 8) {
                lpdwBufferLength.value = 8;
                return INSUFFICIENT_BUFFER;
            }
            if (!(lpBuffer instanceof Ref<?> ref)) {
                return INVALID_PARAMETER;
            }
            put(ref, e.callback);
            lpdwBufferLength.value = 8;
            return 0;
        }
        HINTERNET handle = e == null ? null : e.h();
        int size = Math.max(0, lpdwBufferLength.value);
        Memory buffer = lpBuffer == null || size == 0 ? null : new Memory(Math.max(8, size));
        IntByReference length = new IntByReference(lpBuffer == null ? 0 : size);
        // text (INTERNET_OPTION_URL) in a byte[]: the ANSI function, whose length protocol is the facade's
        boolean text = lpBuffer instanceof byte[];
        NativeCalls.CapturedBool r = calls.callBool(() -> text
                ? lib.InternetQueryOptionA(handle, dwOption, buffer, length)
                : lib.InternetQueryOption(handle, dwOption, buffer, length));
        lpdwBufferLength.value = length.getValue();
        if (!r.ok()) {
            return NativeWinInetDriver.error(r.lastError());
        }
        if (lpBuffer instanceof byte[] out) {
            buffer.read(0, out, 0, Math.min(out.length, Math.min(size, length.getValue() + 1)));
        } else if (lpBuffer instanceof IntRef i) {
            i.value = buffer.getInt(0);
        } else if (lpBuffer instanceof LongRef l) {
            l.value = length.getValue() >= 8 ? buffer.getLong(0) : Integer.toUnsignedLong(buffer.getInt(0));
        } else if (lpBuffer != null) {
            return INVALID_PARAMETER;
        }
        return 0;
    }

    @SuppressWarnings("unchecked")
    private static void put(Ref<?> ref, Object value) {
        ((Ref<Object>) ref).value = value;
    }
}
