package io.teardown.kernel.engine;

import io.teardown.kernel.Overlapped;

/**
 * What an overlapped operation's completion routine receives, whichever facade issued it
 * ({@code ReadFileEx}'s {@code LPOVERLAPPED_COMPLETION_ROUTINE}, {@code WSARecv}'s
 * {@code LPWSAOVERLAPPED_COMPLETION_ROUTINE}): the status, the bytes and the caller's own
 * {@code OVERLAPPED}. Runs as an APC on the issuing thread, inside an alertable wait (KO-16).
 */
@FunctionalInterface
public interface CompletionRoutine {
    /** Delivers one operation's result. */
    void completed(int status, int bytes, Overlapped overlapped);
}
