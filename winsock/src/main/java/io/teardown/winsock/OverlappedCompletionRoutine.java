package io.teardown.winsock;

/**
 * {@code LPWSAOVERLAPPED_COMPLETION_ROUTINE}: called once per overlapped operation when it completes or
 * is cancelled (WS-09). Runs on the session's winsock callback thread, never on a Netty event loop and
 * never while a library lock is held; it may run after {@code closesocket} has returned.
 */
@FunctionalInterface
public interface OverlappedCompletionRoutine {
    /**
     * @param dwError       0, or the status ({@code ERROR_CONNECTION_ABORTED} 1236 when cancelled by
     *                      {@code closesocket}, {@code ERROR_NETNAME_DELETED} 64 after a reset …)
     * @param cbTransferred bytes transferred
     * @param lpOverlapped  the structure passed to the call
     * @param dwFlags       the receive flags (0)
     */
    void invoke(int dwError, int cbTransferred, WSAOVERLAPPED lpOverlapped, int dwFlags);
}
