package io.teardown.winsock;

import java.time.Duration;

/**
 * The {@code struct linger} of {@code setsockopt}/{@code getsockopt(SO_LINGER)}, with the C member
 * names, as an immutable value (WS-04 … WS-08).
 *
 * <ul>
 *   <li>{@code l_onoff == 0}: graceful close, {@code closesocket} returns at once (WS-04);</li>
 *   <li>{@code l_onoff != 0, l_linger == 0}: hard close, RST (WS-05);</li>
 *   <li>{@code l_onoff != 0, l_linger == T > 0}: lingering close, waits up to T seconds (WS-06, WS-07).</li>
 * </ul>
 * Both members are {@code u_short} on Windows; values outside 0…65535 are truncated as C would.
 *
 * @param l_onoff  non-zero to linger
 * @param l_linger the linger time in seconds
 */
public record Linger(int l_onoff, int l_linger) {
    /** The default: no linger, graceful close in the background. */
    public static final Linger DONT_LINGER = new Linger(0, 0);
    /** Hard close: {@code {1, 0}}, RST at once. */
    public static final Linger ABORTIVE = new Linger(1, 0);

    /** Keeps both members in {@code u_short} range, as the C structure would. */
    public Linger {
        l_onoff &= 0xFFFF;
        l_linger &= 0xFFFF;
    }

    /** A lingering close that waits up to {@code timeout} (whole seconds, at least one). */
    public static Linger timeout(Duration timeout) {
        long s = Math.max(1, Math.min(0xFFFF, (timeout.toMillis() + 999) / 1000));
        return new Linger(1, (int) s);
    }

    /** Whether {@code l_onoff} is non-zero. */
    public boolean enabled() {
        return l_onoff != 0;
    }

    /** The decision-table mode this value selects for a blocking socket. */
    public String describe() {
        if (!enabled()) {
            return "graceful";
        }
        return l_linger == 0 ? "abortive" : "linger " + l_linger + " s";
    }
}
