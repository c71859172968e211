package io.teardown.wininet;

/**
 * {@code INTERNET_ASYNC_RESULT}: the status information of {@code INTERNET_STATUS_REQUEST_COMPLETE}
 * (WI-04, WI-10); {@code HANDLE_CREATED} carries the handle itself instead (WI-11). {@code dwResult} is the result the call
 * would have returned ({@code TRUE} = 1, {@code FALSE} = 0, or a handle); {@code dwError} is the error
 * when {@code dwResult} says failure. For an asynchronous {@code InternetQueryDataAvailable},
 * {@code dwError} carries the number of bytes available, as Windows does.
 */
public final class InternetAsyncResult {
    /** {@code DWORD_PTR dwResult}. */
    public long dwResult;
    /** {@code DWORD dwError}. */
    public int dwError;

    /** An empty result. */
    public InternetAsyncResult() {
    }

    /** A result with both fields set. */
    public InternetAsyncResult(long dwResult, int dwError) {
        this.dwResult = dwResult;
        this.dwError = dwError;
    }

    @Override
    public String toString() {
        return "INTERNET_ASYNC_RESULT{dwResult=" + dwResult + ", dwError=" + dwError + "}";
    }
}
