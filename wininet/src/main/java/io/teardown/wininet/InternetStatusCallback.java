package io.teardown.wininet;

/**
 * {@code INTERNET_STATUS_CALLBACK}: the function {@code InternetSetStatusCallback} registers, called
 * with the progress of operations on a handle and its children (WI-03, WI-04, WI-10).
 *
 * <p>In async mode calls come on the session's callback thread (WI-10); in synchronous mode on the
 * application's own thread, inside the WinINet call that causes them (WI-11). Never on an I/O thread
 * and never while a library lock is held, so the callback may call back into WinINet,
 * {@code InternetCloseHandle} included (WI-06). {@code lpvStatusInformation} is, by status: the host
 * name or address ({@code String}) for the resolving and connecting statuses, a byte count
 * ({@code Integer}, length 4) for {@code REQUEST_SENT} and {@code RESPONSE_RECEIVED}, an
 * {@link InternetAsyncResult} (length 16) for {@code REQUEST_COMPLETE}, and the handle itself
 * ({@code Long}, length 8) for {@code HANDLE_CREATED} and {@code HANDLE_CLOSING} (WI-11).
 */
@FunctionalInterface
public interface InternetStatusCallback {
    /**
     * One status report.
     *
     * @param hInternet                 the handle the report is about
     * @param dwContext                 that handle's context value
     * @param dwInternetStatus          an {@code INTERNET_STATUS_*} value
     * @param lpvStatusInformation      the status information (see the type description)
     * @param dwStatusInformationLength its size in bytes, as Windows gives it
     */
    void invoke(long hInternet, long dwContext, int dwInternetStatus, Object lpvStatusInformation,
                int dwStatusInformationLength);
}
