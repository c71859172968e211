package io.teardown.winsock.engine;

import java.net.InetSocketAddress;
import java.util.function.Consumer;

/**
 * One TCP connection of a {@link Transport}. Thread-safe; nothing blocks.
 */
public interface Connection {
    /** The local address. */
    InetSocketAddress localAddress();

    /** The peer's address. */
    InetSocketAddress remoteAddress();

    /**
     * Queues {@code len} bytes of {@code buf} from {@code off}: the transport copies them before it
     * returns (into its own, possibly pooled, memory), so the caller may reuse the array at once, as a
     * Winsock {@code send} that returned lets it. {@code done} runs on a transport thread with
     * {@code null} once the kernel accepted them, or the failure.
     */
    void write(byte[] buf, int off, int len, Consumer<Throwable> done);

    /**
     * Writes what the kernel takes now of {@code len} bytes of {@code buf} from {@code off}, on the calling
     * thread, and returns how many: the bytes are in the kernel when it returns and no completion follows.
     * Returns 0 when the kernel's send buffer is full, while bytes of an earlier {@link #write} are still
     * queued in the transport (nothing overtakes them), when the transport already knows the connection
     * failed or closed (the {@link #write} of the rest meets that and reports it), and always where the
     * transport cannot write from other threads than its own. Returns -1 when this write met the failure
     * (a reset, a closed connection): the system call took the kernel's pending error, which a later read
     * then no longer sees, so the caller must treat the connection as failed now, as a failed
     * {@link #write}'s completion would. Never blocks. A {@code send} so makes its system call on the
     * calling thread, as {@code java.net.Socket} does, and hands only the rest to the transport's thread,
     * saving the hand-off and back (docs/winsock.md, "Where a call runs"). Called under the engine's socket
     * lock, under which every write of the connection is issued.
     */
    default int writeNow(byte[] buf, int off, int len) {
        return 0;
    }

    /** Whether the transport's queue is below the send-buffer limit. */
    boolean writable();

    /** Bytes queued in the transport and not yet accepted by the kernel. */
    long queuedBytes();

    /**
     * Bytes (or, where only segments are known, a positive number) the kernel holds that the peer has
     * not acknowledged yet, including unsent ones; 0 if the transport cannot know (NIO, see
     * {@link Transport}). A primitive, not an {@code OptionalLong}: a lingering close asks at its
     * deadline, where it must not allocate (docs/RELIABILITY.md, issue 22).
     */
    long unacknowledged();

    /** Stops (or resumes) reading from the kernel: back-pressure when the engine's receive buffer is full. */
    void pauseReading(boolean paused);

    /** Sends FIN once every queued byte has been written (SD_SEND). */
    void shutdownOutput();

    /**
     * The graceful close of WS-04: writes everything queued, sends FIN, keeps reading and discarding
     * until the peer's FIN (or a drain timeout), then releases the connection. Unread input never turns
     * the FIN into an RST. Returns at once.
     */
    void closeGracefully();

    /**
     * The hard close of WS-05: the peer sees RST, as after SO_LINGER 0 and close; queued bytes are
     * dropped. Returns at once; the RST may follow ({@link #awaitClosed}).
     */
    void reset();

    /**
     * Waits at most {@code timeoutNanos} until a {@link #reset()} has reached the kernel (not for the
     * transport's teardown of the connection, which may follow later), so
     * {@code closesocket} returns after the RST went out, as on Windows — unless the transport is too
     * busy to close the channel within the bound (the RST then follows). Called without locks, never on
     * a transport thread (where it returns at once).
     */
    void awaitClosed(long timeoutNanos);

    /** Applies {@code TCP_NODELAY}. */
    void noDelay(boolean on);

    /** Applies {@code SO_SNDBUF}/{@code SO_RCVBUF}. */
    void buffers(int sendBuffer, int receiveBuffer);

    /** Whether the connection is still open at the transport. */
    boolean isOpen();

    /**
     * Whether a reset arrived after the peer's FIN (WS-05). The kernel then goes on reporting the end of the
     * stream on every read, so the transport never reports the reset by itself; the engine asks before a
     * receive returns that end of the stream. Reading the answer may consume the kernel's pending error, so
     * a {@code true} is said once. {@code false} where the transport cannot tell (NIO).
     */
    default boolean resetAfterEndOfStream() {
        return false;
    }
}
