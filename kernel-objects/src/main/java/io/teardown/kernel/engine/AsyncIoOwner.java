package io.teardown.kernel.engine;

import io.teardown.api.handle.HandleEntry;

/**
 * A handle entry of another subsystem whose object does overlapped I/O — a Winsock socket. The kernel
 * functions that work on any overlapped handle ({@code CreateIoCompletionPort},
 * {@code SetFileCompletionNotificationModes}, {@code CancelIo}, {@code CancelIoEx}) reach its
 * {@link AsyncIo} through this (KO-13, KO-14).
 */
public interface AsyncIoOwner extends HandleEntry {
    /** The object's overlapped-I/O state. */
    AsyncIo asyncIo();
}
