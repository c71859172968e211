package io.teardown.backend.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code INTERNET_BUFFERSW} ({@code wininet.h}) — 56 bytes on Win64: the buffers of
 * {@code HttpSendRequestEx}, {@code HttpEndRequest} and {@code InternetReadFileEx}. The strings and
 * buffers are native memory the caller owns (and keeps while an async call uses it). See
 * docs/wininet.md ("Uploads").
 */
@FieldOrder({"dwStructSize", "Next", "lpcszHeader", "dwHeadersLength", "dwHeadersTotal", "lpvBuffer",
        "dwBufferLength", "dwBufferTotal", "dwOffsetLow", "dwOffsetHigh"})
public final class INTERNET_BUFFERS extends Structure {
    /** {@code sizeof(INTERNET_BUFFERS)}. */
    public int dwStructSize;
    /** {@code struct _INTERNET_BUFFERSW *Next}. */
    public Pointer Next;
    /** {@code LPCWSTR lpcszHeader}. */
    public Pointer lpcszHeader;
    /** {@code DWORD dwHeadersLength} (characters). */
    public int dwHeadersLength;
    /** {@code DWORD dwHeadersTotal}. */
    public int dwHeadersTotal;
    /** {@code LPVOID lpvBuffer}. */
    public Pointer lpvBuffer;
    /** {@code DWORD dwBufferLength}. */
    public int dwBufferLength;
    /** {@code DWORD dwBufferTotal}. */
    public int dwBufferTotal;
    /** {@code DWORD dwOffsetLow}. */
    public int dwOffsetLow;
    /** {@code DWORD dwOffsetHigh}. */
    public int dwOffsetHigh;

    /** Zeroed, with its own native memory. */
    public INTERNET_BUFFERS() {
    }
}
