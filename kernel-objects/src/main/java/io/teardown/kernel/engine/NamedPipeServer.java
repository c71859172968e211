package io.teardown.kernel.engine;

import io.teardown.api.Win32Error;
import java.io.IOException;
import java.nio.channels.Pipe;
import java.util.concurrent.locks.Condition;

/**
 * A server instance of a named pipe ({@code CreateNamedPipe}) in the session's pipe namespace. A client
 * ({@code CreateFile("\\.\pipe\name")}) connects to a listening instance; the two ends are joined by
 * real OS pipes. {@code ConnectNamedPipe} blocks until a client comes (or fails with
 * {@code ERROR_PIPE_CONNECTED}, 535, if one came first).
 */
final class NamedPipeServer extends PipeEnd {
    enum State { LISTENING, CONNECTED, DISCONNECTED }

    final String pipeName;
    private final Dispatcher dispatcher;
    private final PipeNames names;
    private final boolean serverReads;
    private final boolean serverWrites;
    private State state = State.LISTENING; // guarded by the dispatcher lock
    private final Condition changed; // of the dispatcher lock: a client came, a ConnectNamedPipe was cancelled

    NamedPipeServer(String pipeName, Dispatcher dispatcher, PipeNames names, boolean serverReads, boolean serverWrites) {
        super(null, null);
        this.pipeName = pipeName;
        this.dispatcher = dispatcher;
        this.changed = dispatcher.newCondition();
        this.names = names;
        this.serverReads = serverReads;
        this.serverWrites = serverWrites;
    }

    @Override
    int unattachedError() {
        return Win32Error.ERROR_PIPE_LISTENING.code();
    }

    /** A client: joins this listening instance, or returns null if it is busy. */
    PipeEnd connectClient(AsyncIo clientIo) throws IOException {
        dispatcher.lock();
        try {
            if (state != State.LISTENING) {
                return null;
            }
            Pipe toServer = Pipe.open();
            Pipe toClient = Pipe.open();
            attach(serverReads ? toServer.source() : null, serverWrites ? toClient.sink() : null);
            if (!serverReads) {
                toServer.source().close();
            }
            if (!serverWrites) {
                toClient.sink().close();
            }
            state = State.CONNECTED;
            changed.signalAll();
            PipeEnd client = new PipeEnd(serverWrites ? toClient.source() : null, serverReads ? toServer.sink() : null);
            client.overlapped(clientIo);
            return client;
        } finally {
            dispatcher.unlock();
        }
    }

    /** {@code ConnectNamedPipe}: 0 once a client connected while waiting, else the Windows error. */
    int awaitClient(Engine engine) {
        Thread me = Thread.currentThread();
        boolean[] cancelled = new boolean[1];
        CancellableIo cancel = () -> {
            dispatcher.update(() -> {
                cancelled[0] = true;
                changed.signalAll();
            });
            return true;
        };
        dispatcher.lock();
        try {
            if (state == State.CONNECTED) {
                return Win32Error.ERROR_PIPE_CONNECTED.code(); // a client connected before this call
            }
            if (state == State.DISCONNECTED) {
                state = State.LISTENING;
            }
            engine.io.put(me, cancel);
            while (state == State.LISTENING) {
                if (cancelled[0]) {
                    return Win32Error.ERROR_OPERATION_ABORTED.code();
                }
                dispatcher.awaitLocked(changed, Long.MAX_VALUE);
            }
            return 0;
        } finally {
            engine.io.remove(me, cancel);
            dispatcher.unlock();
        }
    }

    /** {@code DisconnectNamedPipe}: drops the client; the instance can listen again. */
    void disconnect() {
        detach();
        dispatcher.update(() -> {
            state = State.DISCONNECTED;
            changed.signalAll(); // a ConnectNamedPipe waiting meanwhile returns, as it did
        });
    }

    @Override
    void lastHandleClosed() {
        super.lastHandleClosed();
        names.removePipe(pipeName, this);
    }
}
