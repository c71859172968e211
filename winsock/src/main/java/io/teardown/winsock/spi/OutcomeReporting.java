package io.teardown.winsock.spi;

import io.teardown.api.Win32Exception;
import io.teardown.winsock.CloseOutcome;

/**
 * Implemented by the Winsock front ({@code Ws2_32.of(session)}), which learns from its driver what a
 * {@code closesocket} did; the object API uses it to report {@link CloseOutcome}s as values. A
 * {@link io.teardown.winsock.Ws2_32} without it is reported as {@link CloseOutcome.Closed}.
 */
public interface OutcomeReporting {
    /**
     * {@code closesocket(s)}, reporting the outcome; failures (WSAENOTSOCK …) as {@link Win32Exception},
     * {@code WSAEWOULDBLOCK} as {@link CloseOutcome.WouldBlock}.
     */
    CloseOutcome closesocketOutcome(long s);
}
