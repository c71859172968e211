package io.teardown.winsock.spi;

import io.teardown.api.CloseEvent;
import io.teardown.api.IntRef;
import io.teardown.api.Session;
import io.teardown.api.handle.HandleEntry;
import io.teardown.kernel.Overlapped;
import io.teardown.winsock.CloseOutcome;
import io.teardown.winsock.OverlappedCompletionRoutine;
import io.teardown.winsock.SockAddr;
import io.teardown.winsock.WSABUF;
import io.teardown.winsock.WSAData;
import io.teardown.winsock.WSAPROTOCOL_INFOW;
import io.teardown.winsock.Ws2_32;
import io.teardown.winsock.front.WinsockFront;
import java.util.Optional;

/**
 * The work behind the Winsock front: one driver per backend (the portable engine over a transport, the
 * JNA bindings to ws2_32.dll). The front ({@code Ws2_32.of(session)}) owns every rule Windows' contract
 * states before the work is done, once for every backend: {@code WSAStartup}/{@code WSACleanup}
 * counting and {@code WSANOTINITIALISED} (WS-01), the session's socket values in the kernel handle
 * table and their leases, {@code WSAENOTSOCK} for values that are not open sockets of this driver —
 * never issued, closed, kernel objects, {@code DuplicateHandle} copies (WS-02, WS-15, WS-17) —, the
 * argument checks Windows makes before the work (WS-08's option sizes, null buffers), the last-error
 * rule (WS-03), close events and the safe concurrent close (WS-14). A driver method is called only with
 * sockets the front resolved and leased for the length of the call, and with arguments the front
 * accepted: a value the front rejects never reaches the driver. The model is Netty's
 * {@code AbstractChannel.AbstractUnsafe.close()}: written once, each transport supplies the work.
 *
 * <p>Each socket method returns what its C function returns. On failure ({@code SOCKET_ERROR},
 * {@code INVALID_SOCKET}/null, {@code FALSE}) it has set the session's last error
 * ({@link Session#lastError()}); on success the front sets the last error to 0. Optional capabilities
 * are typed methods ({@link #faults()}, {@link #diagnostics()}), not interfaces to probe for. See
 * <a href="https://github.com/teardown-io/teardown/blob/main/docs/winsock.md">docs/winsock.md</a>, "Where the code is".
 *
 * @param <S> the driver's socket: what a socket value of the table names
 */
public interface WinsockDriver<S extends WinsockDriver.Socket> extends AutoCloseable {
    /**
     * The front over {@code driver}: what {@code Ws2_32.of} builds for the session's selected provider,
     * and what tests build over a recording or scripted driver. Closing the front closes the driver.
     */
    static <S extends Socket> Ws2_32 front(Session session, WinsockDriver<S> driver) {
        return new WinsockFront<>(session, driver);
    }

    /** A socket a driver opened; the front keeps {@link #entry()} in the session's kernel table. */
    interface Socket {
        /**
         * The socket's entry in the session's {@code HandleSpace.KERNEL} table (type "Socket", closer
         * {@code closesocket}); its {@link HandleEntry#reclaim()} releases the socket when the value is
         * gone and no call leases it any more (WS-14, WS-15).
         */
        HandleEntry entry();
    }

    /**
     * The socket {@code entry} is, if it is a socket this driver opened and still a socket to Winsock; null
     * for anything else — another kernel object, a {@code DuplicateHandle} copy of a socket, another
     * session's socket (WS-02, WS-15).
     */
    S socketOf(HandleEntry entry);

    // ---- WS-01 ----

    /**
     * {@code WSAStartup}'s work: the version negotiation and {@code lpWSAData}; returns 0 or the error
     * {@code WSAStartup} returns. The front counts the startups that returned 0.
     */
    int startup(short wVersionRequested, WSAData lpWSAData);

    /**
     * Destroys {@code socket} for the session's final {@code WSACleanup} (WS-01), as a non-blocking
     * {@code closesocket} would; the front then takes its value out of the table.
     */
    void destroy(S socket);

    /**
     * {@code WSACleanup}'s work after the front counted it ({@code last}: the session's final one, whose
     * sockets were destroyed): 0, or {@code SOCKET_ERROR} with the last error set.
     */
    int cleanup(boolean last);

    // ---- sockets ----

    /**
     * {@code WSASocketW}'s work (also {@code socket}'s): a new socket, or — with {@code lpProtocolInfo} —
     * another descriptor of the socket it names (WS-19); null with the last error set on failure.
     */
    S socket(int af, int type, int protocol, WSAPROTOCOL_INFOW lpProtocolInfo, int g, int dwFlags);

    /**
     * {@code accept}'s work on the leased listener: the new socket (its address in {@code addr} and
     * {@code addrlen} when given), or null with the last error set.
     */
    S accept(S listener, SockAddr addr, IntRef addrlen);

    /**
     * The table had no room for {@code socket}, which {@link #socket} or {@link #accept} just made: undo
     * it (release the socket, or only the descriptor of WS-19). The front reports {@code WSAEMFILE}.
     */
    void discard(S socket);

    /** {@code WSADuplicateSocketW}'s work (WS-19). */
    int duplicateSocket(S s, int dwProcessId, WSAPROTOCOL_INFOW lpProtocolInfo);

    /** {@code bind}'s work; {@code name} is non-null with {@code namelen >= name.size()}. */
    int bind(S s, SockAddr name, int namelen);

    /** {@code listen}'s work. */
    int listen(S s, int backlog);

    /** {@code connect}'s work; {@code name} is non-null with {@code namelen >= name.size()}. */
    int connect(S s, SockAddr name, int namelen);

    /** {@code send}'s work; {@code buf} holds {@code len} bytes. */
    int send(S s, byte[] buf, int len, int flags);

    /** {@code recv}'s work; {@code buf} has room for {@code len} bytes. */
    int recv(S s, byte[] buf, int len, int flags);

    /** {@code sendto}'s work; {@code to} is null or checked as for {@link #connect}. */
    int sendto(S s, byte[] buf, int len, int flags, SockAddr to, int tolen);

    /** {@code recvfrom}'s work; when {@code from} is given, {@code fromlen} is too. */
    int recvfrom(S s, byte[] buf, int len, int flags, SockAddr from, IntRef fromlen);

    /** {@code shutdown}'s work (WS-11). */
    int shutdown(S s, int how);

    /** {@code setsockopt}'s work; {@code optval} holds {@code optlen} bytes, at least the option's size (WS-08). */
    int setsockopt(S s, int level, int optname, byte[] optval, int optlen);

    /** {@code getsockopt}'s work; {@code optval} and {@code optlen} are non-null (WS-08). */
    int getsockopt(S s, int level, int optname, byte[] optval, IntRef optlen);

    /** {@code ioctlsocket}'s work; {@code argp} is non-null. */
    int ioctlsocket(S s, int cmd, IntRef argp);

    /** {@code getsockname}'s work; both are non-null. */
    int getsockname(S s, SockAddr name, IntRef namelen);

    /** {@code getpeername}'s work; both are non-null. */
    int getpeername(S s, SockAddr name, IntRef namelen);

    // ---- overlapped (WS-09, WS-17) ----

    /** {@code WSASend}'s work; the first {@code dwBufferCount} buffers are non-null and hold their lengths. */
    int WSASend(S s, WSABUF[] lpBuffers, int dwBufferCount, IntRef lpNumberOfBytesSent, int dwFlags,
                Overlapped lpOverlapped, OverlappedCompletionRoutine lpCompletionRoutine);

    /** {@code WSARecv}'s work; buffers as for {@link #WSASend}, {@code lpFlags} non-null. */
    int WSARecv(S s, WSABUF[] lpBuffers, int dwBufferCount, IntRef lpNumberOfBytesRecvd, IntRef lpFlags,
                Overlapped lpOverlapped, OverlappedCompletionRoutine lpCompletionRoutine);

    /**
     * {@code WSAGetOverlappedResult}'s work, after the front checked {@code s} (WS-17) and that every
     * pointer is given: as {@code GetOverlappedResult} (KO-15), in Winsock errors.
     */
    boolean getOverlappedResult(S s, Overlapped lpOverlapped, IntRef lpcbTransfer, boolean fWait, IntRef lpdwFlags);

    // ---- the other families ----

    /** The network-event and event-object functions (WS-10, KO-13). */
    WinsockEventCalls<S> events();

    /** The extension functions (WS-18). */
    WinsockExtensionCalls<S> extensions();

    // ---- closesocket (WS-02 … WS-07, WS-14, WS-19) ----

    /**
     * {@code closesocket}'s first half, with the front's lease on {@code s}: decide. The socket either
     * stays as it was ({@link Close.Refused}: {@code WSAEWOULDBLOCK} of WS-07, or the OS refused), loses
     * only one of several descriptors ({@link Close.DescriptorClosed}, WS-19), or is closing
     * ({@link Closing}); then the front makes the value invalid at once (WS-03).
     */
    Close beginClose(S s);

    /** What {@link #beginClose} decided. */
    sealed interface Close {
        /** The socket stays open and unchanged; {@code error} is what {@code closesocket} reports. */
        record Refused(int error) implements Close {
        }

        /** One of several descriptors was freed; the socket and its connection live on (WS-19). */
        record DescriptorClosed() implements Close {
        }
    }

    /**
     * A close under way: the second half of {@code closesocket}, in three steps the front calls in order.
     * Once {@link #finish} returned it is also what the close did ({@link CloseResult}); a driver answers
     * {@link #error()} and {@link #event()} without allocating and builds {@link #outcome()} only when the
     * object API asks: the flat {@code closesocket} of a lingering close runs at its deadline, where an
     * allocation by each of thousands of closing threads stopped them all for a collection (issue 22).
     */
    non-sealed interface Closing extends Close, CloseResult {
        /**
         * The close's work once the value is invalid, the front's lease still held so the slot is not
         * reused: a lingering close blocks here (WS-06). Runs exactly once.
         */
        void finish();

        /** After the close event was reported: ends what {@link #finish} began (the blocking-call guard, WS-12). */
        default void done() {
        }
    }

    /**
     * What a {@code closesocket} did: the error it reports (0 for success), the close event's outcome,
     * and the object API's {@link CloseOutcome} (for a failure, null).
     */
    interface CloseResult {
        /** The error {@code closesocket} reports; 0 for success. */
        int error();

        /** The close event's outcome. */
        CloseEvent.Outcome event();

        /** The object API's outcome; null for a failure. */
        CloseOutcome outcome();
    }

    /** A {@link CloseResult} known before any work: the front's refusals, and what a driver reports whole. */
    record Closed(int error, CloseEvent.Outcome event, CloseOutcome outcome) implements CloseResult {
    }

    // ---- capabilities ----

    /** Fault injection (WS-13), where the driver can take the network down: the engine, not Windows. */
    default Optional<WinsockFaults> faults() {
        return Optional.empty();
    }

    /** The transport's diagnostics, where the driver emulates Winsock over one. */
    default Optional<WinsockDiagnostics> diagnostics() {
        return Optional.empty();
    }

    /** Releases what the driver holds for its session (threads, watchers); the handles are the session's. */
    @Override
    void close();
}
