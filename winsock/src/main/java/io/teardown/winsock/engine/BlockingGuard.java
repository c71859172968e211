package io.teardown.winsock.engine;

import io.teardown.api.Win32Error;

/**
 * Marks the threads that are inside a blocking Winsock call of one engine, so a second blocking call
 * issued on the same thread while the first is in progress (from a callback the first one runs, such
 * as a close listener) fails with {@code WSAEINPROGRESS} (WS-12) instead of nesting.
 */
final class BlockingGuard {
    private final ThreadLocal<int[]> depth = ThreadLocal.withInitial(() -> new int[1]);

    /** Enters a blocking call; fails with WSAEINPROGRESS if one is already in progress on this thread. */
    void enter() {
        int[] d = depth.get();
        if (d[0] > 0) {
            throw WsaException.of(Win32Error.WSAEINPROGRESS);
        }
        d[0]++;
    }

    void exit() {
        depth.get()[0]--;
    }
}
