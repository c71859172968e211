package io.teardown.wininet;

/**
 * {@code INTERNET_BUFFERS}: the buffer description of {@link WinInet#HttpSendRequestEx},
 * {@link WinInet#HttpEndRequest} and {@link WinInet#InternetReadFileEx}, with the C member names.
 * {@link #dwStructSize} must be {@link #SIZE} ({@code sizeof(INTERNET_BUFFERS)} on 64-bit Windows), or
 * the call fails with {@code ERROR_INVALID_PARAMETER} (87); {@link #Next} is ignored, as Windows
 * ignores it. See docs/wininet.md ("Uploads").
 */
public final class InternetBuffers {
    /** {@code sizeof(INTERNET_BUFFERS)} on 64-bit Windows. */
    public static final int SIZE = 56;

    /** {@code DWORD dwStructSize}: {@link #SIZE}. */
    public int dwStructSize = SIZE;
    /** {@code Next}: ignored (Windows does not follow it). */
    public InternetBuffers Next;
    /** {@code lpcszHeader}: header lines sent with the request ({@code HttpSendRequestEx}), or null. */
    public String lpcszHeader;
    /** {@code dwHeadersLength}: the length of {@link #lpcszHeader}, or -1 for all of it. */
    public int dwHeadersLength;
    /** {@code dwHeadersTotal}: not used by Windows. */
    public int dwHeadersTotal;
    /** {@code lpvBuffer}: the first body bytes ({@code HttpSendRequestEx}) or the buffer to read into. */
    public byte[] lpvBuffer;
    /**
     * {@code dwBufferLength}: how many bytes of {@link #lpvBuffer} to send, or the size to read into; after
     * {@code InternetReadFileEx}, the number of bytes read.
     */
    public int dwBufferLength;
    /** {@code dwBufferTotal}: the whole body's length, sent as {@code Content-Length} ({@code HttpSendRequestEx}). */
    public int dwBufferTotal;
    /** {@code dwOffsetLow}: not used for HTTP. */
    public int dwOffsetLow;
    /** {@code dwOffsetHigh}: not used for HTTP. */
    public int dwOffsetHigh;

    /** An empty structure with its size set. */
    public InternetBuffers() {
    }

    /** A structure over the first {@code length} bytes of {@code buffer}, of a body of {@code total} bytes. */
    public InternetBuffers(byte[] buffer, int length, int total) {
        this.lpvBuffer = buffer;
        this.dwBufferLength = length;
        this.dwBufferTotal = total;
    }

    @Override
    public String toString() {
        return "INTERNET_BUFFERS{dwBufferLength=" + dwBufferLength + ", dwBufferTotal=" + dwBufferTotal + "}";
    }
}
