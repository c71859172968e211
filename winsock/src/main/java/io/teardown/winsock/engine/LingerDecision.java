package io.teardown.winsock.engine;

import io.teardown.winsock.Linger;

/**
 * The {@code closesocket} decision table of the {@code closesocket} reference page, as a pure function
 * (WS-04 … WS-07):
 *
 * <table>
 *   <caption>closesocket on a connected TCP socket</caption>
 *   <tr><th>l_onoff</th><th>l_linger</th><th>blocking</th><th>data pending</th><th>result</th></tr>
 *   <tr><td>0</td><td>any</td><td>any</td><td>any</td><td>{@link Mode#GRACEFUL}: return at once, FIN after the data</td></tr>
 *   <tr><td>≠0</td><td>0</td><td>any</td><td>any</td><td>{@link Mode#ABORTIVE}: return at once, RST</td></tr>
 *   <tr><td>≠0</td><td>T&gt;0</td><td>yes</td><td>yes</td><td>{@link Mode#LINGER}: block up to T s, then RST</td></tr>
 *   <tr><td>≠0</td><td>T&gt;0</td><td>no</td><td>yes</td><td>{@link Mode#WOULD_BLOCK}: fail, socket stays valid</td></tr>
 *   <tr><td>≠0</td><td>T&gt;0</td><td>any</td><td>no</td><td>{@link Mode#GRACEFUL}: nothing to wait for</td></tr>
 * </table>
 * A socket that is not connected (never connected, listening, already reset) is simply released.
 */
public final class LingerDecision {
    /** What {@code closesocket} does. */
    public enum Mode {
        /** Release now; the connection (if any) ends with FIN after queued data (WS-04). */
        GRACEFUL,
        /** Release now with RST; unsent data discarded (WS-05). */
        ABORTIVE,
        /** Block until everything is acknowledged (then FIN) or the timeout (then RST) (WS-06). */
        LINGER,
        /** Fail with WSAEWOULDBLOCK and change nothing (WS-07). */
        WOULD_BLOCK,
        /** Not connected: just release. */
        RELEASE
    }

    private LingerDecision() {
    }

    /** The mode for a socket in this state. */
    public static Mode decide(Linger linger, boolean nonBlocking, boolean connected, boolean dataPending) {
        if (!connected) {
            return Mode.RELEASE;
        }
        if (!linger.enabled()) {
            return Mode.GRACEFUL;
        }
        if (linger.l_linger() == 0) {
            return Mode.ABORTIVE;
        }
        if (!dataPending) {
            return Mode.GRACEFUL;
        }
        return nonBlocking ? Mode.WOULD_BLOCK : Mode.LINGER;
    }
}
