package io.teardown.wininet;

import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.wininet.spi.WinInetDriver;
import io.teardown.wininet.spi.WinInetProviders;

/**
 * The flat, C-shaped face of wininet.dll: exact C names and parameter order, for code ported from C and
 * for the conformance runner. Every method reports what Windows reports: a {@code HINTERNET} is a
 * {@code long} (0 = NULL), {@code BOOL} a {@code boolean}, {@code DWORD} an {@code int}; failures leave
 * their error in {@link #GetLastError()}.
 *
 * <p>Rules (<a href="https://github.com/teardown-io/teardown/blob/main/docs/wininet.md">docs/wininet.md</a>): {@code InternetCloseHandle} closes a handle and its children (WI-02),
 * cancels pending requests (WI-01, WI-04, WI-06) and reports {@code INTERNET_STATUS_HANDLE_CLOSING}
 * last (WI-03); async requests return {@code ERROR_IO_PENDING} (WI-10). Handles live in the session's
 * own {@link io.teardown.api.HandleSpace#INTERNET} table, never the kernel one.
 *
 * <p>Strings are the {@code …A} variants' contents: request lines and headers go on the wire as
 * ISO-8859-1; {@link #HttpQueryInfo} writes ANSI bytes.
 */
public interface WinInet {
    // InternetOpen access types
    /** {@code INTERNET_OPEN_TYPE_PRECONFIG}. */
    int INTERNET_OPEN_TYPE_PRECONFIG = 0;
    /** {@code INTERNET_OPEN_TYPE_DIRECT}. */
    int INTERNET_OPEN_TYPE_DIRECT = 1;
    /** {@code INTERNET_OPEN_TYPE_PROXY}. */
    int INTERNET_OPEN_TYPE_PROXY = 3;

    // Flags
    /** {@code INTERNET_FLAG_ASYNC}: every request on the session's handles is asynchronous (WI-10). */
    int INTERNET_FLAG_ASYNC = 0x10000000;
    /** {@code INTERNET_FLAG_RELOAD}. */
    int INTERNET_FLAG_RELOAD = 0x80000000;
    /** {@code INTERNET_FLAG_NO_CACHE_WRITE}. */
    int INTERNET_FLAG_NO_CACHE_WRITE = 0x04000000;
    /** {@code INTERNET_FLAG_NO_AUTO_REDIRECT}: a redirect response is returned as it is, not followed. */
    int INTERNET_FLAG_NO_AUTO_REDIRECT = 0x00200000;
    /** {@code INTERNET_FLAG_SECURE}: HTTPS. */
    int INTERNET_FLAG_SECURE = 0x00800000;
    /** {@code INTERNET_FLAG_KEEP_CONNECTION}. */
    int INTERNET_FLAG_KEEP_CONNECTION = 0x00400000;
    /** {@code INTERNET_FLAG_IGNORE_CERT_CN_INVALID}: skip host name verification. */
    int INTERNET_FLAG_IGNORE_CERT_CN_INVALID = 0x00001000;
    /** {@code INTERNET_FLAG_IGNORE_CERT_DATE_INVALID}: accept expired certificates. */
    int INTERNET_FLAG_IGNORE_CERT_DATE_INVALID = 0x00002000;
    /** {@code SECURITY_FLAG_IGNORE_UNKNOWN_CA} (for {@link #INTERNET_OPTION_SECURITY_FLAGS}). */
    int SECURITY_FLAG_IGNORE_UNKNOWN_CA = 0x00000100;
    /** {@code SECURITY_FLAG_IGNORE_CERT_CN_INVALID}. */
    int SECURITY_FLAG_IGNORE_CERT_CN_INVALID = INTERNET_FLAG_IGNORE_CERT_CN_INVALID;
    /** {@code SECURITY_FLAG_IGNORE_CERT_DATE_INVALID}. */
    int SECURITY_FLAG_IGNORE_CERT_DATE_INVALID = INTERNET_FLAG_IGNORE_CERT_DATE_INVALID;

    // Services and ports
    /** {@code INTERNET_SERVICE_FTP}: not emulated; InternetConnect fails with ERROR_NOT_SUPPORTED (50). */
    int INTERNET_SERVICE_FTP = 1;
    /** {@code INTERNET_SERVICE_HTTP}. */
    int INTERNET_SERVICE_HTTP = 3;
    /** {@code INTERNET_DEFAULT_HTTP_PORT}. */
    int INTERNET_DEFAULT_HTTP_PORT = 80;
    /** {@code INTERNET_DEFAULT_HTTPS_PORT}. */
    int INTERNET_DEFAULT_HTTPS_PORT = 443;
    /** {@code INTERNET_INVALID_PORT_NUMBER}: use the scheme's default port. */
    int INTERNET_INVALID_PORT_NUMBER = 0;

    // HttpAddRequestHeaders modifiers
    /** {@code HTTP_ADDREQ_FLAG_ADD_IF_NEW}. */
    int HTTP_ADDREQ_FLAG_ADD_IF_NEW = 0x10000000;
    /** {@code HTTP_ADDREQ_FLAG_ADD}. */
    int HTTP_ADDREQ_FLAG_ADD = 0x20000000;
    /** {@code HTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA}. */
    int HTTP_ADDREQ_FLAG_COALESCE_WITH_COMMA = 0x40000000;
    /** {@code HTTP_ADDREQ_FLAG_REPLACE}. */
    int HTTP_ADDREQ_FLAG_REPLACE = 0x80000000;

    // HttpQueryInfo levels
    /** {@code HTTP_QUERY_CONTENT_TYPE}. */
    int HTTP_QUERY_CONTENT_TYPE = 1;
    /** {@code HTTP_QUERY_CONTENT_LENGTH}. */
    int HTTP_QUERY_CONTENT_LENGTH = 5;
    /** {@code HTTP_QUERY_VERSION}. */
    int HTTP_QUERY_VERSION = 18;
    /** {@code HTTP_QUERY_STATUS_CODE}. */
    int HTTP_QUERY_STATUS_CODE = 19;
    /** {@code HTTP_QUERY_STATUS_TEXT}. */
    int HTTP_QUERY_STATUS_TEXT = 20;
    /** {@code HTTP_QUERY_RAW_HEADERS}: NUL-separated lines, double NUL at the end. */
    int HTTP_QUERY_RAW_HEADERS = 21;
    /** {@code HTTP_QUERY_RAW_HEADERS_CRLF}. */
    int HTTP_QUERY_RAW_HEADERS_CRLF = 22;
    /** {@code HTTP_QUERY_LOCATION}. */
    int HTTP_QUERY_LOCATION = 33;
    /** {@code HTTP_QUERY_CONNECTION}. */
    int HTTP_QUERY_CONNECTION = 23;
    /** {@code HTTP_QUERY_VARY}. */
    int HTTP_QUERY_VARY = 65;
    /** {@code HTTP_QUERY_CUSTOM} (0xFFFF in wininet.h; 65 is {@code HTTP_QUERY_VARY}): the buffer holds the header name on input. */
    int HTTP_QUERY_CUSTOM = 0xFFFF;
    /** {@code HTTP_QUERY_FLAG_NUMBER}: return a DWORD (4 bytes, little-endian). */
    int HTTP_QUERY_FLAG_NUMBER = 0x20000000;
    /** {@code HTTP_QUERY_FLAG_REQUEST_HEADERS}: query the request instead of the response. */
    int HTTP_QUERY_FLAG_REQUEST_HEADERS = 0x80000000;

    // InternetReadFileEx flags
    /** {@code IRF_ASYNC}: the session's mode decides; accepted (WININET_API_FLAG_ASYNC). */
    int IRF_ASYNC = 1;
    /** {@code IRF_SYNC}: the session's mode decides; accepted (WININET_API_FLAG_SYNC). */
    int IRF_SYNC = 4;
    /** {@code IRF_USE_CONTEXT} (the same bit as {@link #IRF_NO_WAIT} in wininet.h). */
    int IRF_USE_CONTEXT = 8;
    /** {@code IRF_NO_WAIT}: return what is buffered, do not wait for more. */
    int IRF_NO_WAIT = 8;

    // Options
    /** {@code INTERNET_OPTION_CALLBACK}: query only (WI-10). */
    int INTERNET_OPTION_CALLBACK = 1;
    /** {@code INTERNET_OPTION_CONNECT_TIMEOUT} (ms). */
    int INTERNET_OPTION_CONNECT_TIMEOUT = 2;
    /** {@code INTERNET_OPTION_CONNECT_RETRIES}. */
    int INTERNET_OPTION_CONNECT_RETRIES = 3;
    /** {@code INTERNET_OPTION_SEND_TIMEOUT} (= CONTROL_SEND_TIMEOUT, ms). */
    int INTERNET_OPTION_SEND_TIMEOUT = 5;
    /** {@code INTERNET_OPTION_RECEIVE_TIMEOUT} (= CONTROL_RECEIVE_TIMEOUT, ms). */
    int INTERNET_OPTION_RECEIVE_TIMEOUT = 6;
    /** {@code INTERNET_OPTION_DATA_SEND_TIMEOUT} (ms). */
    int INTERNET_OPTION_DATA_SEND_TIMEOUT = 7;
    /** {@code INTERNET_OPTION_DATA_RECEIVE_TIMEOUT} (ms). */
    int INTERNET_OPTION_DATA_RECEIVE_TIMEOUT = 8;
    /** {@code INTERNET_OPTION_HANDLE_TYPE}: query only. */
    int INTERNET_OPTION_HANDLE_TYPE = 9;
    /** {@code INTERNET_OPTION_SECURITY_FLAGS}. */
    int INTERNET_OPTION_SECURITY_FLAGS = 31;
    /** {@code INTERNET_OPTION_URL} (query only, request handles): the request's URL as ANSI text in a {@code byte[]}. */
    int INTERNET_OPTION_URL = 34;
    /** {@code INTERNET_OPTION_CONTEXT_VALUE} (WI-03). */
    int INTERNET_OPTION_CONTEXT_VALUE = 45;

    // Handle types
    /** {@code INTERNET_HANDLE_TYPE_INTERNET}: a session from InternetOpen. */
    int INTERNET_HANDLE_TYPE_INTERNET = 1;
    /** {@code INTERNET_HANDLE_TYPE_CONNECT_HTTP} (4 in wininet.h; 3 is {@code CONNECT_GOPHER}): from InternetConnect. */
    int INTERNET_HANDLE_TYPE_CONNECT_HTTP = 4;
    /** {@code INTERNET_HANDLE_TYPE_HTTP_REQUEST}: from HttpOpenRequest or InternetOpenUrl("http…"). */
    int INTERNET_HANDLE_TYPE_HTTP_REQUEST = 13;

    // Status values (wininet.h)
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
    /** {@code INTERNET_STATUS_HANDLE_CREATED}. */
    int INTERNET_STATUS_HANDLE_CREATED = 60;
    /** {@code INTERNET_STATUS_HANDLE_CLOSING}: the last callback for a handle (WI-03). */
    int INTERNET_STATUS_HANDLE_CLOSING = 70;
    /** {@code INTERNET_STATUS_REDIRECT}: a redirect is followed; the information is the new URL. */
    int INTERNET_STATUS_REDIRECT = 110;
    /** {@code INTERNET_STATUS_REQUEST_COMPLETE}. */
    int INTERNET_STATUS_REQUEST_COMPLETE = 100;

    /** {@code INTERNET_INVALID_STATUS_CALLBACK}: what InternetSetStatusCallback returns on failure. */
    InternetStatusCallback INTERNET_INVALID_STATUS_CALLBACK = (h, c, s, i, l) -> { };

    /**
     * The session's {@code WinInet}, built once: the front (every rule before the work, written once) over
     * the driver of the backend selected for it.
     */
    static WinInet of(Session session) {
        return session.component(WinInet.class,
                s -> WinInetDriver.front(s, WinInetProviders.REGISTRY.select(s).create(s)));
    }

    /**
     * {@code InternetOpen}: a root session handle (context 0). {@code INTERNET_FLAG_ASYNC} makes every
     * request under it asynchronous. Returns 0 on failure.
     */
    long InternetOpen(String lpszAgent, int dwAccessType, String lpszProxy, String lpszProxyBypass, int dwFlags);

    /** {@code InternetConnect}: a connection handle under a session handle (no I/O yet). */
    long InternetConnect(long hInternet, String lpszServerName, int nServerPort, String lpszUserName,
                         String lpszPassword, int dwService, int dwFlags, long dwContext);

    /** {@code HttpOpenRequest}: a request handle under a connection handle (no I/O yet). */
    long HttpOpenRequest(long hConnect, String lpszVerb, String lpszObjectName, String lpszVersion,
                         String lpszReferrer, String[] lplpszAcceptTypes, int dwFlags, long dwContext);

    /** {@code HttpAddRequestHeaders}: {@code dwHeadersLength} -1 means the whole string. */
    boolean HttpAddRequestHeaders(long hRequest, String lpszHeaders, int dwHeadersLength, int dwModifiers);

    /** {@code HttpSendRequest}: sends the request and waits for the response head (async: 997, WI-10). */
    boolean HttpSendRequest(long hRequest, String lpszHeaders, int dwHeadersLength, byte[] lpOptional,
                            int dwOptionalLength);

    /**
     * {@code HttpQueryInfoA}: writes the value as ANSI text plus a NUL (or a little-endian DWORD with
     * {@code HTTP_QUERY_FLAG_NUMBER}); {@code *lpdwBufferLength} is the length without the NUL, or the
     * size needed with {@code ERROR_INSUFFICIENT_BUFFER}.
     */
    boolean HttpQueryInfo(long hRequest, int dwInfoLevel, byte[] lpBuffer, IntRef lpdwBufferLength, IntRef lpdwIndex);

    /**
     * {@code HttpSendRequestEx}: starts a request whose body the application writes with
     * {@link #InternetWriteFile} and ends with {@link #HttpEndRequest}. {@code lpBuffersIn} (may be null)
     * carries header lines, the first body bytes and, in {@code dwBufferTotal}, the body's length
     * (sent as {@code Content-Length}; a request with a {@code Transfer-Encoding: chunked} header is
     * sent without one and the application writes the chunk framing, as on Windows). Returns once the
     * request head is sent (async: FALSE + 997, then REQUEST_COMPLETE, WI-10). {@code lpBuffersOut}
     * must be null (87).
     */
    boolean HttpSendRequestEx(long hRequest, InternetBuffers lpBuffersIn, InternetBuffers lpBuffersOut, int dwFlags,
                              long dwContext);

    /**
     * {@code InternetWriteFile}: writes body bytes of a request started with {@link #HttpSendRequestEx}
     * (12019 otherwise; 87 for more than the announced length). Async: TRUE at once when the connection
     * takes the bytes without waiting, else FALSE + 997 and REQUEST_COMPLETE once they are written.
     */
    boolean InternetWriteFile(long hFile, byte[] lpBuffer, int dwNumberOfBytesToWrite, IntRef lpdwNumberOfBytesWritten);

    /**
     * {@code HttpEndRequest}: ends the body of a request started with {@link #HttpSendRequestEx} and waits
     * for the response head (async: FALSE + 997, then REQUEST_COMPLETE); then the response is queried
     * and read as after {@link #HttpSendRequest}. 12019 while announced bytes are missing or a write is
     * pending; {@code lpBuffersOut} must be null (87).
     */
    boolean HttpEndRequest(long hRequest, InternetBuffers lpBuffersOut, int dwFlags, long dwContext);

    /**
     * {@code InternetReadFileExA}: {@link #InternetReadFile} into {@code lpBuffersOut.lpvBuffer}, up to
     * {@code dwBufferLength} bytes, which is set to the number read. With {@link #IRF_NO_WAIT} it never
     * waits: TRUE with what is buffered (0 when nothing is yet; async: FALSE + 997 and a REQUEST_COMPLETE
     * that brings no data — call again). Without it, as InternetReadFile.
     */
    boolean InternetReadFileEx(long hFile, InternetBuffers lpBuffersOut, int dwFlags, long dwContext);

    /** {@code InternetReadFile}: TRUE with 0 bytes read at the end of the body (async: may return 997). */
    boolean InternetReadFile(long hFile, byte[] lpBuffer, int dwNumberOfBytesToRead, IntRef lpdwNumberOfBytesRead);

    /** {@code InternetQueryDataAvailable}: bytes readable without waiting (0 at the end). */
    boolean InternetQueryDataAvailable(long hFile, IntRef lpdwNumberOfBytesAvailable, int dwFlags, long dwContext);

    /**
     * {@code InternetOpenUrl}: connects, sends a GET and returns the request handle once the response
     * head arrived. Async: returns 0 with 997 and hands the handle over in REQUEST_COMPLETE (WI-10).
     */
    long InternetOpenUrl(long hInternet, String lpszUrl, String lpszHeaders, int dwHeadersLength, int dwFlags,
                         long dwContext);

    /**
     * {@code InternetSetStatusCallback}: sets the callback of a handle (inherited by the children
     * created after). Returns the previous callback ({@code null} if none) or
     * {@link #INTERNET_INVALID_STATUS_CALLBACK} on failure.
     */
    InternetStatusCallback InternetSetStatusCallback(long hInternet, InternetStatusCallback lpfnInternetCallback);

    /**
     * {@code InternetSetOption}: {@code lpBuffer} is an {@link IntRef} or {@link Integer} for DWORD
     * options and a {@link io.teardown.api.LongRef} or {@link Long} for {@code INTERNET_OPTION_CONTEXT_VALUE};
     * {@code hInternet} 0 sets the session-wide default (timeouts).
     */
    boolean InternetSetOption(long hInternet, int dwOption, Object lpBuffer, int dwBufferLength);

    /**
     * {@code InternetQueryOption}: {@code lpBuffer} as for {@link #InternetSetOption} (an {@link IntRef}
     * for DWORD options, a {@link io.teardown.api.LongRef} for {@code INTERNET_OPTION_CONTEXT_VALUE}, a
     * {@link io.teardown.api.Ref} for {@code INTERNET_OPTION_CALLBACK}, a {@code byte[]} for the ANSI text
     * of {@code INTERNET_OPTION_URL}); size in/out, and the size needed with {@code ERROR_INSUFFICIENT_BUFFER}
     * (for text: the length without the NUL on success, with it when the buffer is too small).
     */
    boolean InternetQueryOption(long hInternet, int dwOption, Object lpBuffer, IntRef lpdwBufferLength);

    /** {@code InternetCloseHandle} (WI-01 … WI-08). */
    boolean InternetCloseHandle(long hInternet);

    /** {@code GetLastError}: the calling thread's last error in this session. */
    int GetLastError();
}
