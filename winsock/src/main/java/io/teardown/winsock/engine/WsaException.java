package io.teardown.winsock.engine;

import io.teardown.api.LastError;
import io.teardown.api.Win32Error;
import io.teardown.winsock.Ws2_32;
import java.util.function.IntSupplier;

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

    /**
     * Runs engine work for the Winsock front: its result, or — when it throws this exception — the error
     * set as {@code lastError} and {@code SOCKET_ERROR}, as the C function reports it.
     */
    static int reported(LastError lastError, IntSupplier work) {
        try {
            return work.getAsInt();
        } catch (WsaException e) {
            lastError.set(e.error);
            return Ws2_32.SOCKET_ERROR;
        }
    }

    /** {@link #reported} for a BOOL function: TRUE when {@code work} returned normally. */
    static boolean succeeded(LastError lastError, Runnable work) {
        return reported(lastError, () -> {
            work.run();
            return 0;
        }) == 0;
    }
}
