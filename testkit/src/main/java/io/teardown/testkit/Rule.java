package io.teardown.testkit;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One rule of the contract, by ID (<a href="https://github.com/teardown-io/teardown/blob/main/docs/conformance.md">docs/conformance.md</a>): {@code KO-} kernel objects, {@code WS-} Winsock,
 * {@code WI-} WinINet, {@code WL-} WLAN. A contract test carries its rule's ID at the start of its method
 * name, with underscores: {@code WS_04_defaultLingerGivesPeerDataThenFin} tests WS-04.
 *
 * @param id        {@code "WS-04"}
 * @param subsystem {@code "winsock"}
 * @param title     a short summary
 */
public record Rule(String id, String subsystem, String title) {
    private static final Pattern TEST_NAME = Pattern.compile("^(KO|WS|WI|WL)_(\\d{2})(?:_|$)");

    /** Every rule, in ID order (KO, WS, WI, WL). */
    public static final List<Rule> ALL = List.of(
            new Rule("KO-01", "kernel", "closing a valid handle succeeds; the value is invalid afterwards"),
            new Rule("KO-02", "kernel", "handle counts: the object lives until its last handle closes"),
            new Rule("KO-03", "kernel", "invalid, closed or zero handle: FALSE + ERROR_INVALID_HANDLE; strict raises"),
            new Rule("KO-04", "kernel", "pseudo-handles and standard-handle constants"),
            new Rule("KO-05", "kernel", "object types with real behaviour"),
            new Rule("KO-06", "kernel", "closing a thread/process handle does not stop it"),
            new Rule("KO-07", "kernel", "file mapping closed with views still mapped"),
            new Rule("KO-08", "kernel", "transacted delete-on-close only after commit"),
            new Rule("KO-09", "kernel", "handles with their own closer: find handles, registry keys, sockets"),
            new Rule("KO-10", "kernel", "closing a handle another thread waits on or does I/O on"),
            new Rule("KO-11", "kernel", "slot reuse, stale values, tag bits"),
            new Rule("KO-12", "kernel", "HANDLE_FLAG_PROTECT_FROM_CLOSE"),
            new Rule("KO-13", "kernel", "one family of waitable objects and one OVERLAPPED, shared with Winsock"),
            new Rule("KO-14", "kernel", "I/O completion ports: one packet per operation; 735 for waiters at close"),
            new Rule("KO-15", "kernel", "pending overlapped I/O at close and cancellation: 995, exactly once"),
            new Rule("KO-16", "kernel", "alertable waits and APCs: routines on the issuing thread, WAIT_IO_COMPLETION"),
            new Rule("KO-17", "kernel", "NtClose: the same close as an NTSTATUS"),
            new Rule("WS-01", "winsock", "WSAStartup/WSACleanup reference counting and WSANOTINITIALISED"),
            new Rule("WS-02", "winsock", "closesocket on a non-socket: WSAENOTSOCK"),
            new Rule("WS-03", "winsock", "success leaves the last error; old value fails until reused"),
            new Rule("WS-04", "winsock", "default linger: returns at once, data delivered, then FIN"),
            new Rule("WS-05", "winsock", "linger {1,0}: hard close, RST"),
            new Rule("WS-06", "winsock", "linger {1,T} blocking: waits for acknowledgement or resets at T"),
            new Rule("WS-07", "winsock", "linger {1,T} non-blocking: WSAEWOULDBLOCK, socket stays valid"),
            new Rule("WS-08", "winsock", "SO_LINGER / SO_DONTLINGER options"),
            new Rule("WS-09", "winsock", "pending overlapped operations cancelled, completions delivered once"),
            new Rule("WS-10", "winsock", "no FD_CLOSE for the closing side; one for the peer"),
            new Rule("WS-11", "winsock", "shutdown directions"),
            new Rule("WS-12", "winsock", "WSAEINTR and WSAEINPROGRESS"),
            new Rule("WS-13", "winsock", "network down: WSAENETDOWN"),
            new Rule("WS-14", "winsock", "closesocket concurrent with another call is safe"),
            new Rule("WS-15", "winsock", "CloseHandle on a socket; closesocket on a kernel handle"),
            new Rule("WS-16", "winsock", "every socket needs a matching closesocket (leak detection)"),
            new Rule("WS-17", "winsock", "WSAGetOverlappedResult checks the socket first: WSAENOTSOCK"),
            new Rule("WS-18", "winsock", "AcceptEx, ConnectEx, DisconnectEx close like overlapped operations"),
            new Rule("WS-19", "winsock", "several descriptors, one socket: FIN or RST with the last close"),
            new Rule("WI-01", "wininet", "closing terminates pending operations, discards data"),
            new Rule("WI-02", "wininet", "closing a parent invalidates its children"),
            new Rule("WI-03", "wininet", "HANDLE_CLOSING is the last callback, deepest first"),
            new Rule("WI-04", "wininet", "async requests pending: REQUEST_COMPLETE before HANDLE_CLOSING"),
            new Rule("WI-05", "wininet", "GetLastError is ERROR_IO_PENDING after closing with requests outstanding"),
            new Rule("WI-06", "wininet", "close cancels pending I/O; close from a callback is safe"),
            new Rule("WI-07", "wininet", "close concurrent with another call is safe"),
            new Rule("WI-08", "wininet", "invalid or closed handle: FALSE + ERROR_INVALID_HANDLE"),
            new Rule("WI-09", "wininet", "client API only"),
            new Rule("WI-10", "wininet", "async mode: ERROR_IO_PENDING and the progress callbacks in order"),
            new Rule("WI-11", "wininet", "HANDLE_CREATED carries the handle; sync-mode callbacks on the caller"),
            new Rule("WL-01", "wlan", "WlanOpenHandle/WlanCloseHandle and version negotiation"),
            new Rule("WL-02", "wlan", "null handle or non-null reserved: ERROR_INVALID_PARAMETER"),
            new Rule("WL-03", "wlan", "unknown handle: ERROR_INVALID_HANDLE"),
            new Rule("WL-04", "wlan", "service not running or lost: 1062 / RPC errors"),
            new Rule("WL-05", "wlan", "close discards outstanding notifications"),
            new Rule("WL-06", "wlan", "close waits for a running callback"),
            new Rule("WL-07", "wlan", "close from inside the callback: refused (ERROR_POSSIBLE_DEADLOCK)"),
            new Rule("WL-08", "wlan", "use after close: ERROR_INVALID_HANDLE"));

    /** The rule a contract test method tests, from its name ({@code WS_04_…} → WS-04). */
    public static Optional<String> idOfTest(String methodName) {
        Matcher m = TEST_NAME.matcher(methodName);
        return m.find() ? Optional.of(m.group(1) + "-" + m.group(2)) : Optional.empty();
    }

    /** A rule by ID. */
    public static Optional<Rule> byId(String id) {
        return ALL.stream().filter(r -> r.id.equals(id)).findFirst();
    }
}
