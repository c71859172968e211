package io.teardown.backend.windows.jna;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.BaseTSD.ULONG_PTR;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * wininet: the HINTERNET tree, requests and status callbacks of WI-01 … WI-10 ({@code -W} functions
 * with UTF-16 strings). {@code HINTERNET} is pointer-sized ({@link HINTERNET}); {@code DWORD_PTR}
 * contexts are {@link ULONG_PTR}. Failures set the thread's last error (read it with
 * {@link NativeCalls}).
 *
 * <p>A status callback must stay reachable until {@link #INTERNET_STATUS_HANDLE_CLOSING} has been
 * delivered for every handle that uses it: {@link InternetStatusCallbacks} does that.
 */
public interface WinInetLibrary extends StdCallLibrary {
    /** The DLL this interface binds (BindingAbiTest checks each export against it). */
    String DLL = "wininet";

    /** {@code INTERNET_OPEN_TYPE_PRECONFIG}. */
    int INTERNET_OPEN_TYPE_PRECONFIG = 0;
    /** {@code INTERNET_OPEN_TYPE_DIRECT}. */
    int INTERNET_OPEN_TYPE_DIRECT = 1;
    /** {@code INTERNET_OPEN_TYPE_PROXY}. */
    int INTERNET_OPEN_TYPE_PROXY = 3;
    /** {@code INTERNET_FLAG_ASYNC} (WI-10). */
    int INTERNET_FLAG_ASYNC = 0x10000000;
    /** {@code INTERNET_FLAG_RELOAD}. */
    int INTERNET_FLAG_RELOAD = 0x80000000;
    /** {@code INTERNET_FLAG_NO_CACHE_WRITE}. */
    int INTERNET_FLAG_NO_CACHE_WRITE = 0x04000000;
    /** {@code INTERNET_FLAG_KEEP_CONNECTION}. */
    int INTERNET_FLAG_KEEP_CONNECTION = 0x00400000;
    /** {@code INTERNET_SERVICE_HTTP}. */
    int INTERNET_SERVICE_HTTP = 3;
    /** {@code INTERNET_DEFAULT_HTTP_PORT}. */
    short INTERNET_DEFAULT_HTTP_PORT = 80;
    /** {@code INTERNET_OPTION_CALLBACK} (WI-10: not settable). */
    int INTERNET_OPTION_CALLBACK = 1;
    /** {@code INTERNET_OPTION_CONTEXT_VALUE} (WI-03). */
    int INTERNET_OPTION_CONTEXT_VALUE = 45;
    /** {@code HTTP_QUERY_STATUS_CODE}. */
    int HTTP_QUERY_STATUS_CODE = 19;
    /** {@code HTTP_QUERY_FLAG_NUMBER}. */
    int HTTP_QUERY_FLAG_NUMBER = 0x20000000;
    /** {@code HTTP_ADDREQ_FLAG_ADD}. */
    int HTTP_ADDREQ_FLAG_ADD = 0x20000000;
    /** {@code HTTP_ADDREQ_FLAG_REPLACE}. */
    int HTTP_ADDREQ_FLAG_REPLACE = 0x80000000;
    /** {@code INTERNET_STATUS_RESOLVING_NAME}. */
    int INTERNET_STATUS_RESOLVING_NAME = 10;
    /** {@code INTERNET_STATUS_NAME_RESOLVED}. */
    int INTERNET_STATUS_NAME_RESOLVED = 11;
    /** {@code INTERNET_STATUS_CONNECTING_TO_SERVER}. */
    int INTERNET_STATUS_CONNECTING_TO_SERVER = 20;
    /** {@code INTERNET_STATUS_CONNECTED_TO_SERVER}. */
    int INTERNET_STATUS_CONNECTED_TO_SERVER = 21;
    /** {@code INTERNET_STATUS_SENDING_REQUEST}. */
    int INTERNET_STATUS_SENDING_REQUEST = 30;
    /** {@code INTERNET_STATUS_REQUEST_SENT}. */
    int INTERNET_STATUS_REQUEST_SENT = 31;
    /** {@code INTERNET_STATUS_RECEIVING_RESPONSE}. */
    int INTERNET_STATUS_RECEIVING_RESPONSE = 40;
    /** {@code INTERNET_STATUS_RESPONSE_RECEIVED}. */
    int INTERNET_STATUS_RESPONSE_RECEIVED = 41;
    /** {@code INTERNET_STATUS_CLOSING_CONNECTION}. */
    int INTERNET_STATUS_CLOSING_CONNECTION = 50;
    /** {@code INTERNET_STATUS_CONNECTION_CLOSED}. */
    int INTERNET_STATUS_CONNECTION_CLOSED = 51;
    /** {@code INTERNET_STATUS_HANDLE_CREATED} (WI-10). */
    int INTERNET_STATUS_HANDLE_CREATED = 60;
    /** {@code INTERNET_STATUS_HANDLE_CLOSING}: the last callback for a handle (WI-03). */
    int INTERNET_STATUS_HANDLE_CLOSING = 70;
    /** {@code INTERNET_STATUS_REQUEST_COMPLETE} (WI-04, WI-10). */
    int INTERNET_STATUS_REQUEST_COMPLETE = 100;

    /** Loads wininet (Windows only). */
    static WinInetLibrary load() {
        return WindowsOnly.load(DLL, WinInetLibrary.class);
    }

    /** {@code INTERNET_INVALID_STATUS_CALLBACK}: what {@link #InternetSetStatusCallback} returns on failure. */
    static boolean isInvalidStatusCallback(Pointer previous) {
        return Pointer.nativeValue(previous) == -1L;
    }

    /**
     * {@code void CALLBACK InternetStatusCallback(HINTERNET hInternet, DWORD_PTR dwContext, DWORD
     * dwInternetStatus, LPVOID lpvStatusInformation, DWORD dwStatusInformationLength)}. Called on
     * WinINet's threads (WI-10); must not throw.
     */
    interface INTERNET_STATUS_CALLBACK extends StdCallCallback {
        /** One status report about {@code hInternet}. */
        void callback(HINTERNET hInternet, ULONG_PTR dwContext, int dwInternetStatus, Pointer lpvStatusInformation,
                int dwStatusInformationLength);
    }

    /** {@code HINTERNET InternetOpenW(LPCWSTR lpszAgent, DWORD dwAccessType, LPCWSTR lpszProxy, LPCWSTR lpszProxyBypass, DWORD dwFlags)}. */
    HINTERNET InternetOpen(String lpszAgent, int dwAccessType, String lpszProxy, String lpszProxyBypass, int dwFlags);

    /**
     * {@code HINTERNET InternetConnectW(HINTERNET, LPCWSTR lpszServerName, INTERNET_PORT nServerPort,
     * LPCWSTR lpszUserName, LPCWSTR lpszPassword, DWORD dwService, DWORD dwFlags, DWORD_PTR dwContext)}.
     */
    HINTERNET InternetConnect(HINTERNET hInternet, String lpszServerName, short nServerPort, String lpszUserName,
            String lpszPassword, int dwService, int dwFlags, ULONG_PTR dwContext);

    /**
     * {@code HINTERNET HttpOpenRequestW(HINTERNET hConnect, LPCWSTR lpszVerb, LPCWSTR lpszObjectName,
     * LPCWSTR lpszVersion, LPCWSTR lpszReferrer, LPCWSTR *lplpszAcceptTypes, DWORD dwFlags, DWORD_PTR
     * dwContext)}; the accept types are a NULL-terminated array (a {@code String[]} ending in null) or NULL.
     */
    HINTERNET HttpOpenRequest(HINTERNET hConnect, String lpszVerb, String lpszObjectName, String lpszVersion,
            String lpszReferrer, String[] lplpszAcceptTypes, int dwFlags, ULONG_PTR dwContext);

    /** {@code BOOL HttpAddRequestHeadersW(HINTERNET hRequest, LPCWSTR lpszHeaders, DWORD dwHeadersLength, DWORD dwModifiers)}. */
    boolean HttpAddRequestHeaders(HINTERNET hRequest, String lpszHeaders, int dwHeadersLength, int dwModifiers);

    /**
     * {@code BOOL HttpSendRequestW(HINTERNET hRequest, LPCWSTR lpszHeaders, DWORD dwHeadersLength,
     * LPVOID lpOptional, DWORD dwOptionalLength)} — WI-10 (async: FALSE + 997). In async mode the
     * optional body must be native memory kept until REQUEST_COMPLETE.
     */
    boolean HttpSendRequest(HINTERNET hRequest, String lpszHeaders, int dwHeadersLength, Pointer lpOptional,
            int dwOptionalLength);

    /** {@code BOOL HttpQueryInfoW(HINTERNET hRequest, DWORD dwInfoLevel, LPVOID lpBuffer, LPDWORD lpdwBufferLength, LPDWORD lpdwIndex)}. */
    boolean HttpQueryInfo(HINTERNET hRequest, int dwInfoLevel, Pointer lpBuffer, IntByReference lpdwBufferLength,
            IntByReference lpdwIndex);

    /**
     * {@code BOOL InternetReadFile(HINTERNET hFile, LPVOID lpBuffer, DWORD dwNumberOfBytesToRead,
     * LPDWORD lpdwNumberOfBytesRead)} — WI-01. Async reads fill the buffer later: native memory only.
     */
    boolean InternetReadFile(HINTERNET hFile, Pointer lpBuffer, int dwNumberOfBytesToRead,
            IntByReference lpdwNumberOfBytesRead);

    /**
     * {@code BOOL HttpSendRequestExW(HINTERNET hRequest, LPINTERNET_BUFFERSW lpBuffersIn, LPINTERNET_BUFFERSW
     * lpBuffersOut, DWORD dwFlags, DWORD_PTR dwContext)} — an upload; async: FALSE + 997 (WI-10), the buffers
     * kept until REQUEST_COMPLETE.
     */
    boolean HttpSendRequestEx(HINTERNET hRequest, INTERNET_BUFFERS lpBuffersIn, INTERNET_BUFFERS lpBuffersOut,
            int dwFlags, ULONG_PTR dwContext);

    /**
     * {@code BOOL InternetWriteFile(HINTERNET hFile, LPCVOID lpBuffer, DWORD dwNumberOfBytesToWrite, LPDWORD
     * lpdwNumberOfBytesWritten)}: body bytes of an upload. Async writes may use the buffer later: native memory.
     */
    boolean InternetWriteFile(HINTERNET hFile, Pointer lpBuffer, int dwNumberOfBytesToWrite,
            IntByReference lpdwNumberOfBytesWritten);

    /** {@code BOOL HttpEndRequestW(HINTERNET hRequest, LPINTERNET_BUFFERSW lpBuffersOut, DWORD dwFlags, DWORD_PTR dwContext)}. */
    boolean HttpEndRequest(HINTERNET hRequest, INTERNET_BUFFERS lpBuffersOut, int dwFlags, ULONG_PTR dwContext);

    /**
     * {@code BOOL InternetReadFileExW(HINTERNET hFile, LPINTERNET_BUFFERSW lpBuffersOut, DWORD dwFlags, DWORD_PTR
     * dwContext)}: WinINet sets {@code dwBufferLength} to the bytes read (later, when async).
     */
    boolean InternetReadFileEx(HINTERNET hFile, INTERNET_BUFFERS lpBuffersOut, int dwFlags, ULONG_PTR dwContext);

    /** {@code BOOL InternetQueryDataAvailable(HINTERNET hFile, LPDWORD lpdwNumberOfBytesAvailable, DWORD dwFlags, DWORD_PTR dwContext)}. */
    boolean InternetQueryDataAvailable(HINTERNET hFile, IntByReference lpdwNumberOfBytesAvailable, int dwFlags,
            ULONG_PTR dwContext);

    /**
     * {@code HINTERNET InternetOpenUrlW(HINTERNET hInternet, LPCWSTR lpszUrl, LPCWSTR lpszHeaders, DWORD
     * dwHeadersLength, DWORD dwFlags, DWORD_PTR dwContext)} — WI-10 (async: NULL + 997, the handle in
     * REQUEST_COMPLETE's {@code dwResult}).
     */
    HINTERNET InternetOpenUrl(HINTERNET hInternet, String lpszUrl, String lpszHeaders, int dwHeadersLength,
            int dwFlags, ULONG_PTR dwContext);

    /**
     * {@code INTERNET_STATUS_CALLBACK InternetSetStatusCallbackW(HINTERNET, INTERNET_STATUS_CALLBACK)}.
     * Returns the previous callback as a raw pointer (NULL if none, -1 =
     * {@code INTERNET_INVALID_STATUS_CALLBACK} on failure): JNA must not try to wrap a foreign function
     * pointer or -1 as a Java callback. Use {@link InternetStatusCallbacks#install}, which keeps the
     * callback reachable.
     */
    Pointer InternetSetStatusCallback(HINTERNET hInternet, INTERNET_STATUS_CALLBACK lpfnInternetCallback);

    /** {@code BOOL InternetSetOptionW(HINTERNET hInternet, DWORD dwOption, LPVOID lpBuffer, DWORD dwBufferLength)} — WI-03, WI-10. */
    boolean InternetSetOption(HINTERNET hInternet, int dwOption, Pointer lpBuffer, int dwBufferLength);

    /** {@code BOOL InternetQueryOptionW(HINTERNET hInternet, DWORD dwOption, LPVOID lpBuffer, LPDWORD lpdwBufferLength)}. */
    boolean InternetQueryOption(HINTERNET hInternet, int dwOption, Pointer lpBuffer, IntByReference lpdwBufferLength);

    /**
     * {@code BOOL InternetQueryOptionA(HINTERNET hInternet, DWORD dwOption, LPVOID lpBuffer, LPDWORD lpdwBufferLength)}:
     * for text options ({@code INTERNET_OPTION_URL}), whose ANSI length protocol the flat facade keeps
     * (the length without the NUL on success, with it on {@code ERROR_INSUFFICIENT_BUFFER}).
     */
    boolean InternetQueryOptionA(HINTERNET hInternet, int dwOption, Pointer lpBuffer, IntByReference lpdwBufferLength);

    /** {@code BOOL InternetCloseHandle(HINTERNET hInternet)} — WI-01 … WI-08. */
    boolean InternetCloseHandle(HINTERNET hInternet);
}
