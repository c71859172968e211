package io.teardown.winsock.engine;

import io.teardown.api.CloseEvent;
import io.teardown.winsock.CloseOutcome;
import io.teardown.winsock.spi.WinsockDriver.Close;
import io.teardown.winsock.spi.WinsockDriver.Closing;
import java.time.Duration;

/**
 * The engine's {@code closesocket} behind the front (WS-04 … WS-07, WS-12, WS-19): {@link #begin} decides
 * with the front's lease held — one of several descriptors only, {@code WSAEWOULDBLOCK} leaving everything
 * as it was, or a close under way, which this object then carries out. The close event is reported (by the
 * front) while a lingering close still counts as this thread's blocking call, so a blocking call made from
 * a close listener fails with {@code WSAEINPROGRESS} (WS-12); {@link #done} ends that.
 */
final class EngineClose implements Closing {
    private final EmulatedSocket socket;
    private final LingerDecision.Mode mode;
    private final SocketContext sockets;
    private int error;
    private CloseEvent.Outcome event;
    private long blockedNanos;
    private CloseOutcome outcome; // built when the object API asks

    private EngineClose(EmulatedSocket socket, LingerDecision.Mode mode, SocketContext sockets) {
        this.socket = socket;
        this.mode = mode;
        this.sockets = sockets;
    }

    /** The decision for {@code s}, leased by the front. */
    static Close begin(SocketEntry s, SocketContext sockets) {
        if (s.socket.detachDescriptor()) {
            s.descriptorDetached(); // WS-19: the socket and its connection stay as they are
            return new Close.DescriptorClosed();
        }
        LingerDecision.Mode mode;
        try {
            mode = s.socket.beginClose();
        } catch (WsaException x) {
            return new Close.Refused(x.error().code()); // WS-07, or a racing close won (WS-14)
        }
        s.closedByWinsock(); // the entry's reclaim posts no FD_CLOSE (WS-10)
        return new EngineClose(s.socket, mode, sockets);
    }

    /** The mode's transport action: a lingering close blocks here (WS-06). */
    @Override
    public void finish() {
        long start = System.nanoTime();
        try {
            event = socket.finishClose(mode);
        } catch (WsaException x) {
            error = x.error().code();
            event = CloseEvent.Outcome.INTERRUPTED; // WS-12
        }
        blockedNanos = System.nanoTime() - start;
    }

    @Override
    public int error() {
        return error;
    }

    @Override
    public CloseEvent.Outcome event() {
        return event;
    }

    @Override
    public CloseOutcome outcome() {
        if (error != 0) {
            return null;
        }
        CloseOutcome o = outcome;
        if (o == null) {
            o = switch (event) {
                case RESET -> new CloseOutcome.Abortive();
                case LINGERED -> new CloseOutcome.Lingered(Duration.ofNanos(blockedNanos), true);
                case LINGER_RESET -> new CloseOutcome.Lingered(Duration.ofNanos(blockedNanos), false);
                default -> new CloseOutcome.Graceful();
            };
            outcome = o;
        }
        return o;
    }

    @Override
    public void done() {
        if (mode == LingerDecision.Mode.LINGER) {
            sockets.exitBlocking();
        }
    }

}
