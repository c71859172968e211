package io.teardown.winsock.spi;

import io.teardown.api.Win32Exception;
import io.teardown.winsock.CloseOutcome;

/**
 * Implemented by a backend's {@link io.teardown.winsock.Ws2_32} that can say what a {@code closesocket}
 * did; the object API uses it to report {@link CloseOutcome}s as values. A backend without it is
 * reported as {@link CloseOutcome.Closed}.
 */
public interface OutcomeReporting {
    /**
     * {@code closesocket(s)}, reporting the outcome; failures (WSAENOTSOCK …) as {@link Win32Exception},
     * {@code WSAEWOULDBLOCK} as {@link CloseOutcome.WouldBlock}.
     */
    CloseOutcome closesocketOutcome(long s);
}
