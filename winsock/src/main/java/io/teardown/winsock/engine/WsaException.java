package io.teardown.winsock.engine;

import io.teardown.api.Win32Error;

/**
 * A Winsock failure inside the engine: the flat facade turns it into {@code SOCKET_ERROR} plus
 * {@code WSAGetLastError()}, the object API into a {@link io.teardown.api.Win32Exception}. Stackless:
 * it is control flow (WSAEWOULDBLOCK is an everyday result), not a bug report.
 */
final class WsaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Win32Error error;

    WsaException(Win32Error error) {
        super(error.name(), null, false, false);
        this.error = error;
    }

    Win32Error error() {
        return error;
    }

    static WsaException of(Win32Error error) {
        return new WsaException(error);
    }
}
