package io.teardown.api;

/**
 * Observes every close call of a session. Called on the closing thread after the call has done its
 * work; it must be quick and must not call back into the handle being closed.
 */
@FunctionalInterface
public interface CloseListener {
    /** One close call happened. */
    void closed(CloseEvent event);
}
