package io.teardown.winsock;

import io.teardown.kernel.Overlapped;

/**
 * {@code LPWSAOVERLAPPED_COMPLETION_ROUTINE}: called once per overlapped operation when it completes or
 * is cancelled (WS-09). Queued as an APC to the thread that issued the operation and run there only
 * while that thread is in an alertable wait ({@code SleepEx}, {@code WSAWaitForMultipleEvents} with
 * {@code fAlertable} …), which then returns {@code WAIT_IO_COMPLETION} (KO-16); never on a Netty event
 * loop, never while a library lock is held. It may run after {@code closesocket} has returned.
 */
@FunctionalInterface
public interface OverlappedCompletionRoutine {
    /**
     * @param dwError       0, or the status ({@code ERROR_CONNECTION_ABORTED} 1236 when cancelled by
     *                      {@code closesocket}, {@code ERROR_NETNAME_DELETED} 64 after a reset …)
     * @param cbTransferred bytes transferred
     * @param lpOverlapped  the structure passed to the call (the very object)
     * @param dwFlags       the receive flags (0)
     */
    void invoke(int dwError, int cbTransferred, Overlapped lpOverlapped, int dwFlags);
}
