package io.teardown.wininet.spi;

import io.teardown.api.IntRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.wininet.InternetBuffers;
import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.WinInet;
import io.teardown.wininet.front.WinInetFront;
import java.util.List;

/**
 * The work behind the WinINet front: one driver per backend (the portable engine, the JNA bindings).
 * The front ({@code WinInet.of(session)}) owns every rule Windows' contract states before the work is
 * done: the session's {@link io.teardown.api.HandleSpace#INTERNET} table, the handle tree and its leases
 * (WI-02, WI-07), which function accepts which handle type ({@code ERROR_INTERNET_INCORRECT_HANDLE_TYPE},
 * 12018), invalid and closed handles ({@code ERROR_INVALID_HANDLE}, 6, WI-08) and their misuse reports,
 * the argument checks that need no handle, the last error, close events and the close's order. It calls
 * a driver only with {@link Node}s it resolved from an open, leased handle of the driver's own; a value
 * it rejects never reaches the driver. The model is Netty's {@code AbstractChannel.AbstractUnsafe.close()}:
 * written once, each transport supplies {@code doClose()}.
 *
 * <p>A work method returns 0 or the Windows error the front reports (and sets as the last error);
 * {@code ERROR_IO_PENDING} (997) is an error here too (WI-10). Out-parameters are never null where the
 * C function requires them. Callbacks and their order (WI-03, WI-04, WI-10, WI-11) are the driver's. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/wininet.md">docs/wininet.md</a>, "Where the code is".
 */
public interface WinInetDriver extends AutoCloseable {
    /**
     * The front over {@code driver}: what {@link WinInet#of} builds for the session's selected provider.
     * For a driver that decorates another (recording, tracing, fault injection in tests); closing the
     * front closes the driver.
     */
    static WinInet front(Session session, WinInetDriver driver) {
        return new WinInetFront(session, driver);
    }

    /** One HINTERNET as its driver keeps it. The front holds it in the session's table; only its driver looks inside. */
    interface Node {
    }

    /**
     * The front's table as a call that creates a handle sees it. A driver registers each new handle once
     * (the JNA driver may learn of it in a {@code HANDLE_CREATED} callback before the C call returns, or —
     * async {@code InternetOpenUrl} — after it).
     */
    interface Registrar {
        /**
         * Puts {@code child} into the session's table under the handle the call named (none for
         * {@code InternetOpen}); {@link #bound} runs before this returns. Returns the new value, or 0 if that
         * parent was closed meanwhile (WI-02; the child is then the driver's to release).
         *
         * @throws io.teardown.api.Win32Exception when the table is full (the child was released)
         */
        long register(Node child);

        /**
         * Closes a handle registered by this call that the application will never own (an
         * {@code InternetOpenUrl} that failed, WI-10): invalidated, {@link #doClose closed} and freed as by
         * {@code InternetCloseHandle}, without a close event or a last error. Nothing if it is closed already.
         */
        void abandon(long value);
    }

    /** What a function that creates a handle did. */
    sealed interface Created {
        /** A new handle, registered. */
        record Handle(long value) implements Created {
        }

        /** No handle (for async {@code InternetOpenUrl}: 997, the handle comes with REQUEST_COMPLETE, WI-10). */
        record Failed(int error) implements Created {
        }
    }

    // ------------------------------------------------------------------ the handle's life

    /** {@code node} has its value: the one its callbacks report. Under the front's tree lock; no callbacks here. */
    void bound(Node node, long value);

    /**
     * {@code node} was invalidated by {@code InternetCloseHandle} on it or an ancestor (WI-02): no call may
     * start anything on it any more. Under the front's tree lock, before {@link #doClose}; no callbacks here.
     */
    void invalidated(Node node);

    /**
     * The close's work on an invalidated subtree, deepest first with the closed handle last: cancel what
     * is pending and report it (WI-01, WI-04, WI-06), HANDLE_CLOSING last (WI-03), where the mode says
     * (WI-10, WI-11). The values are freed after this returns. Returns whether an operation was outstanding
     * (WI-05; a driver that learns it from the operating system's close reports it from {@link #release}).
     */
    boolean doClose(List<Node> doomed);

    /**
     * Frees what {@code node} holds, once: when its value was closed and the last call that leased it
     * returned (WI-07), or when the session closes with it open. {@code withParent}: an ancestor's close
     * freed it too (WinINet closes a subtree with its root, WI-02). Returns 0, {@code ERROR_IO_PENDING}
     * (closed with requests outstanding, WI-05) or the error of the operating system's close.
     */
    int release(Node node, boolean withParent);

    // ------------------------------------------------------------------ handles

    /** {@code InternetOpen}'s work: a session handle, registered with {@code registrar} (no parent). */
    Created open(String lpszAgent, int dwAccessType, String lpszProxy, String lpszProxyBypass, int dwFlags,
                 Registrar registrar);

    /** {@code InternetConnect}'s work on a session handle. */
    Created connect(Node session, String lpszServerName, int nServerPort, String lpszUserName, String lpszPassword,
                    int dwService, int dwFlags, long dwContext, Registrar registrar);

    /** {@code HttpOpenRequest}'s work on a connection handle. */
    Created openRequest(Node connect, String lpszVerb, String lpszObjectName, String lpszVersion, String lpszReferrer,
                        String[] lplpszAcceptTypes, int dwFlags, long dwContext, Registrar registrar);

    /** {@code InternetOpenUrl}'s work on a session handle; {@code lpszUrl} is not null. */
    Created openUrl(Node session, String lpszUrl, String lpszHeaders, int dwHeadersLength, int dwFlags, long dwContext,
                    Registrar registrar);

    // ------------------------------------------------------------------ requests (request handles only)

    /** {@code HttpAddRequestHeaders}' work; {@code lpszHeaders} is not null. */
    int addRequestHeaders(Node request, String lpszHeaders, int dwHeadersLength, int dwModifiers);

    /** {@code HttpSendRequest}'s work; {@code lpOptional} holds {@code dwOptionalLength} bytes (0 … length). */
    int sendRequest(Node request, String lpszHeaders, int dwHeadersLength, byte[] lpOptional, int dwOptionalLength);

    /** {@code HttpSendRequestEx}'s work; {@code lpBuffersIn} (may be null) is a valid {@code INTERNET_BUFFERS}. */
    int sendRequestEx(Node request, InternetBuffers lpBuffersIn, int dwFlags, long dwContext);

    /** {@code InternetWriteFile}'s work; the buffer holds the bytes, the count holder is not null. */
    int writeFile(Node request, byte[] lpBuffer, int dwNumberOfBytesToWrite, IntRef lpdwNumberOfBytesWritten);

    /** {@code HttpEndRequest}'s work ({@code lpBuffersOut} was null). */
    int endRequest(Node request, int dwFlags, long dwContext);

    /** {@code InternetReadFile}'s work; the buffer has room, the count holder is not null. */
    int readFile(Node request, byte[] lpBuffer, int dwNumberOfBytesToRead, IntRef lpdwNumberOfBytesRead);

    /** {@code InternetReadFileEx}'s work; {@code lpBuffersOut} is a valid {@code INTERNET_BUFFERS}. */
    int readFileEx(Node request, InternetBuffers lpBuffersOut, int dwFlags, long dwContext);

    /** {@code InternetQueryDataAvailable}'s work; the holder may be null only in async mode. */
    int queryDataAvailable(Node request, IntRef lpdwNumberOfBytesAvailable, int dwFlags, long dwContext);

    /** {@code HttpQueryInfoA}'s work; {@code lpdwBufferLength} is not null. */
    int queryInfo(Node request, int dwInfoLevel, byte[] lpBuffer, IntRef lpdwBufferLength, IntRef lpdwIndex);

    // ------------------------------------------------------------------ any handle

    /**
     * {@code InternetSetStatusCallback}'s work: on success 0 with the handle's previous callback (null if
     * none) in {@code previous}; otherwise the error.
     */
    int setStatusCallback(Node node, InternetStatusCallback lpfnInternetCallback, Ref<InternetStatusCallback> previous);

    /** {@code InternetSetOption}'s work; {@code node} null: the session-wide default (a NULL handle). */
    int setOption(Node node, int dwOption, Object lpBuffer, int dwBufferLength);

    /** {@code InternetQueryOption}'s work; {@code node} null: a NULL handle. {@code lpdwBufferLength} is not null. */
    int queryOption(Node node, int dwOption, Object lpBuffer, IntRef lpdwBufferLength);

    /** Releases what the driver holds for its session (threads, native memory); the handles are the session's. */
    @Override
    void close();
}
