package io.teardown.backend.netty.winsock;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A JDK {@link Selector} on which an application thread waits for one NIO socket's readiness while it
 * receives on its own thread ({@link NettyConnection#awaitReadable}; issue 20, docs/winsock.md, "Where a
 * call runs"): the kernel wakes that thread directly, as it wakes a blocked {@code java.net.Socket}
 * reader, where the event loop's hand-off costs a wake-up of the loop and one of the caller. A JDK channel
 * may be registered with several selectors at once; Netty's loop keeps its own registration meanwhile (with
 * reading off). Each wait registers the channel, selects, and deregisters it before it returns: the JDK
 * releases a closed channel's descriptor only when every selector it was registered with has deregistered
 * it, so a key left in an idle selector would hold back the close — and with it the FIN or RST.
 *
 * <p>Selectors are pooled JVM-wide (each is a few descriptors), at most {@link #MAX_IDLE} kept idle: one is
 * needed per thread waiting at the same moment, not per socket or session.
 */
final class ReadinessWait {
    private static final int MAX_IDLE = 32;
    private static final ConcurrentLinkedQueue<ReadinessWait> IDLE = new ConcurrentLinkedQueue<>();
    private static final AtomicInteger IDLE_COUNT = new AtomicInteger();

    private final Selector selector;

    private ReadinessWait(Selector selector) {
        this.selector = selector;
    }

    /** An idle selector, or a new one; null when none can be opened (out of descriptors). */
    static ReadinessWait borrow() {
        ReadinessWait w = IDLE.poll();
        if (w != null) {
            IDLE_COUNT.decrementAndGet();
            return w;
        }
        try {
            return new ReadinessWait(Selector.open());
        } catch (IOException noDescriptors) {
            return null;
        }
    }

    /** Keeps {@code w} for the next wait, or closes it when enough are idle. */
    static void giveBack(ReadinessWait w) {
        if (IDLE_COUNT.incrementAndGet() <= MAX_IDLE) {
            IDLE.add(w);
            return;
        }
        IDLE_COUNT.decrementAndGet();
        try {
            w.selector.close();
        } catch (IOException ignored) {
            // nothing registered with it: closing frees its descriptors or nothing
        }
    }

    /**
     * Waits at most {@code nanos} until {@code ch} is readable (input, the end of the stream or an error),
     * {@link #wakeup} is called, or the thread is interrupted; returns at once when {@code ch} is closed.
     */
    void await(SocketChannel ch, long nanos) throws InterruptedException {
        SelectionKey key;
        try {
            key = ch.register(selector, SelectionKey.OP_READ);
        } catch (ClosedChannelException closed) {
            return; // the caller's next read reports the close
        }
        try {
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos + 999_999)));
        } catch (IOException spurious) {
            // the caller looks again
        } finally {
            key.cancel();
            try {
                selector.selectNow(); // deregisters now: see the class comment
            } catch (IOException ignored) {
                // the key is deregistered by the next selection on this selector
            }
            selector.selectedKeys().clear();
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
    }

    /** Ends a wait in progress, or makes the next one return at once. Any thread. */
    void wakeup() {
        selector.wakeup();
    }
}
