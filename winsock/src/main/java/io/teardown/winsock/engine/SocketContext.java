package io.teardown.winsock.engine;

import io.teardown.api.Win32Error;
import io.teardown.kernel.engine.ObjectManager;
import java.util.Objects;

/**
 * What a socket of one session's engine needs from around it, handed to the socket as one object instead
 * of a reference back to the flat facade: the {@link Transport} its connections run on, the blocking-call
 * guard (WS-12: a second blocking call on a thread already in one fails with {@code WSAEINPROGRESS}, and a
 * transport thread never blocks), the session's {@link LingerWatch} (WS-06) and the kernel object manager
 * whose overlapped requests deliver completions — port packets and completion routines — to the issuing
 * thread (KO-13 … KO-16). See docs/winsock.md, "Where the code is".
 */
final class SocketContext implements AutoCloseable {
    private final Transport transport;
    private final ObjectManager objects;
    private final LingerWatch lingerWatch;
    private final BlockingGuard guard = new BlockingGuard();

    SocketContext(Transport transport, ObjectManager objects, String sessionName) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.objects = Objects.requireNonNull(objects, "objects");
        this.lingerWatch = new LingerWatch(sessionName);
    }

    Transport transport() {
        return transport;
    }

    /** The session's kernel object manager: events, waits, overlapped I/O (KO-13). */
    ObjectManager objects() {
        return objects;
    }

    LingerWatch lingerWatch() {
        return lingerWatch;
    }

    /**
     * Marks the calling thread as inside a blocking Winsock call; fails with {@code WSAEINPROGRESS} on a
     * transport thread (blocking it would stall every connection it serves) or if the thread is in one
     * already (WS-12). Every successful call is paired with {@link #exitBlocking()}.
     */
    void enterBlocking() {
        if (transport.inTransportThread()) {
            throw WsaException.of(Win32Error.WSAEINPROGRESS);
        }
        guard.enter();
    }

    void exitBlocking() {
        guard.exit();
    }

    /** Stops the linger watcher. */
    @Override
    public void close() {
        lingerWatch.close();
    }
}
