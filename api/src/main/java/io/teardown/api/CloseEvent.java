package io.teardown.api;

import java.time.Duration;

/**
 * One close call as it happened: emitted by every subsystem's close path to the session's listeners
 * and, when enabled, as a JDK Flight Recorder event ({@code io.teardown.Close}).
 *
 * @param space    the handle table
 * @param function the Windows function called ({@code "closesocket"}, {@code "CloseHandle"} …)
 * @param handle   the value passed in
 * @param type     the type of what it named, or {@code "(invalid)"}
 * @param error    0 on success, otherwise the Windows error number the call reported
 * @param outcome  a short word for what happened ({@code "graceful"}, {@code "reset"}, {@code "deferred"} …)
 * @param duration how long the call took
 */
public record CloseEvent(HandleSpace space, String function, long handle, String type, int error,
                         String outcome, Duration duration) {

    /** Whether the close call succeeded. */
    public boolean succeeded() {
        return error == 0;
    }
}
