package io.teardown.backend.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD.ULONG_PTR;
import com.sun.jna.ptr.IntByReference;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A {@link WinInetLibrary} that records calls and answers from a script (no DLL). It remembers the
 * last status callback it was given, as WinINet would, so a test can call it like WinINet's threads.
 */
public final class RecordingWinInet extends Recording implements WinInetLibrary {
    public final AtomicReference<INTERNET_STATUS_CALLBACK> installed = new AtomicReference<>();

    public RecordingWinInet(LastErrorSlot slot) {
        super(slot);
    }

    private static HINTERNET handle(long value) {
        return value == 0 ? new HINTERNET() : new HINTERNET(new Pointer(value));
    }

    private static long v(HINTERNET h) {
        return h == null ? 0 : h.value();
    }

    @Override
    public HINTERNET InternetOpen(String lpszAgent, int dwAccessType, String lpszProxy, String lpszProxyBypass,
            int dwFlags) {
        return handle(call("InternetOpen", lpszAgent, dwAccessType, dwFlags));
    }

    @Override
    public HINTERNET InternetConnect(HINTERNET hInternet, String lpszServerName, short nServerPort,
            String lpszUserName, String lpszPassword, int dwService, int dwFlags, ULONG_PTR dwContext) {
        return handle(call("InternetConnect", v(hInternet), lpszServerName, nServerPort, dwService, dwContext));
    }

    @Override
    public HINTERNET HttpOpenRequest(HINTERNET hConnect, String lpszVerb, String lpszObjectName, String lpszVersion,
            String lpszReferrer, String[] lplpszAcceptTypes, int dwFlags, ULONG_PTR dwContext) {
        return handle(call("HttpOpenRequest", v(hConnect), lpszVerb, lpszObjectName, dwContext));
    }

    @Override
    public boolean HttpAddRequestHeaders(HINTERNET hRequest, String lpszHeaders, int dwHeadersLength,
            int dwModifiers) {
        return call("HttpAddRequestHeaders", v(hRequest), lpszHeaders) != 0;
    }

    @Override
    public boolean HttpSendRequest(HINTERNET hRequest, String lpszHeaders, int dwHeadersLength, Pointer lpOptional,
            int dwOptionalLength) {
        return call("HttpSendRequest", v(hRequest), dwOptionalLength) != 0;
    }

    @Override
    public boolean HttpSendRequestEx(HINTERNET hRequest, INTERNET_BUFFERS lpBuffersIn, INTERNET_BUFFERS lpBuffersOut,
            int dwFlags, ULONG_PTR dwContext) {
        return call("HttpSendRequestEx", v(hRequest), lpBuffersIn == null ? -1 : lpBuffersIn.dwBufferTotal) != 0;
    }

    @Override
    public boolean InternetWriteFile(HINTERNET hFile, Pointer lpBuffer, int dwNumberOfBytesToWrite,
            IntByReference lpdwNumberOfBytesWritten) {
        boolean ok = call("InternetWriteFile", v(hFile), dwNumberOfBytesToWrite) != 0;
        if (ok) {
            lpdwNumberOfBytesWritten.setValue(dwNumberOfBytesToWrite);
        }
        return ok;
    }

    @Override
    public boolean HttpEndRequest(HINTERNET hRequest, INTERNET_BUFFERS lpBuffersOut, int dwFlags, ULONG_PTR dwContext) {
        return call("HttpEndRequest", v(hRequest)) != 0;
    }

    @Override
    public boolean InternetReadFileEx(HINTERNET hFile, INTERNET_BUFFERS lpBuffersOut, int dwFlags, ULONG_PTR dwContext) {
        return call("InternetReadFileEx", v(hFile), dwFlags) != 0;
    }

    /** What HttpQueryInfoW answers (null: the scripted result only), written as UTF-16 like the W function. */
    public volatile String header;

    @Override
    public boolean HttpQueryInfo(HINTERNET hRequest, int dwInfoLevel, Pointer lpBuffer,
            IntByReference lpdwBufferLength, IntByReference lpdwIndex) {
        boolean ok = call("HttpQueryInfo", v(hRequest), dwInfoLevel) != 0;
        String h = header;
        if (!ok || h == null) {
            return ok;
        }
        byte[] w = h.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        if (lpBuffer == null || lpdwBufferLength.getValue() < w.length + 2) {
            lpdwBufferLength.setValue(w.length + 2); // bytes needed, with the terminating NUL
            slot.set(122);
            return false;
        }
        lpBuffer.write(0, w, 0, w.length);
        lpBuffer.setShort(w.length, (short) 0);
        lpdwBufferLength.setValue(w.length); // bytes, without the NUL
        return true;
    }

    /** What the next InternetReadFile "receives": written into the caller's buffer now, or by {@link #finishRead()}. */
    public volatile byte[] body = new byte[0];
    private volatile Pointer pendingBuffer;
    private volatile IntByReference pendingCount;

    @Override
    public boolean InternetReadFile(HINTERNET hFile, Pointer lpBuffer, int dwNumberOfBytesToRead,
            IntByReference lpdwNumberOfBytesRead) {
        boolean ok = call("InternetReadFile", v(hFile), dwNumberOfBytesToRead) != 0;
        if (ok) {
            int n = Math.min(body.length, dwNumberOfBytesToRead);
            lpBuffer.write(0, body, 0, n);
            lpdwNumberOfBytesRead.setValue(n);
        } else {
            pendingBuffer = lpBuffer; // an async read (997): WinINet fills the buffer later
            pendingCount = lpdwNumberOfBytesRead;
        }
        return ok;
    }

    /** Completes the pending async read into the memory the caller handed over (as WinINet's thread would). */
    public void finishRead() {
        pendingBuffer.write(0, body, 0, body.length);
        pendingCount.setValue(body.length);
    }

    @Override
    public boolean InternetQueryDataAvailable(HINTERNET hFile, IntByReference lpdwNumberOfBytesAvailable,
            int dwFlags, ULONG_PTR dwContext) {
        return call("InternetQueryDataAvailable", v(hFile)) != 0;
    }

    @Override
    public HINTERNET InternetOpenUrl(HINTERNET hInternet, String lpszUrl, String lpszHeaders, int dwHeadersLength,
            int dwFlags, ULONG_PTR dwContext) {
        return handle(call("InternetOpenUrl", v(hInternet), lpszUrl, dwContext));
    }

    @Override
    public Pointer InternetSetStatusCallback(HINTERNET hInternet, INTERNET_STATUS_CALLBACK lpfnInternetCallback) {
        long previous = call("InternetSetStatusCallback", v(hInternet));
        if (previous != -1L) {
            installed.set(lpfnInternetCallback);
        }
        return previous == 0 ? null : new Pointer(previous);
    }

    @Override
    public boolean InternetSetOption(HINTERNET hInternet, int dwOption, Pointer lpBuffer, int dwBufferLength) {
        return call("InternetSetOption", v(hInternet), dwOption, dwBufferLength) != 0;
    }

    @Override
    public boolean InternetQueryOption(HINTERNET hInternet, int dwOption, Pointer lpBuffer,
            IntByReference lpdwBufferLength) {
        return call("InternetQueryOption", v(hInternet), dwOption) != 0;
    }

    @Override
    public boolean InternetQueryOptionA(HINTERNET hInternet, int dwOption, Pointer lpBuffer,
            IntByReference lpdwBufferLength) {
        return call("InternetQueryOptionA", v(hInternet), dwOption) != 0;
    }

    @Override
    public boolean InternetCloseHandle(HINTERNET hInternet) {
        return call("InternetCloseHandle", v(hInternet)) != 0;
    }
}
