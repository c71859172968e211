package io.teardown.winsock.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A stream socket's receive buffer on its own: back-pressure at SO_RCVBUF (pause at the limit, resume
 * below half of it), MSG_PEEK, every piece released exactly once (read to the end, discarded, or after
 * moving to an AcceptEx socket, WS-18).
 */
class InboundBufferTest {
    private static final int RCVBUF = 10;

    /** What reached the connection: its pauseReading calls. */
    private final List<Boolean> pauses = new ArrayList<>();
    private final Connection conn = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                if (method.getName().equals("pauseReading")) {
                    pauses.add((Boolean) args[0]);
                    return null;
                }
                throw new UnsupportedOperationException(method.getName());
            });
    private final List<String> released = new ArrayList<>();

    /** {@code size} bytes {@code first, first+1, …} that record their release under {@code name}. */
    private ReceivedBytes piece(String name, int first, int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (first + i);
        }
        ReceivedBytes bytes = ReceivedBytes.of(b);
        return new ReceivedBytes() {
            @Override
            public int readable() {
                return bytes.readable();
            }

            @Override
            public int read(byte[] into, int offset, int length) {
                return bytes.read(into, offset, length);
            }

            @Override
            public int peek(byte[] into, int offset, int length) {
                return bytes.peek(into, offset, length);
            }

            @Override
            public void release() {
                released.add(name);
                bytes.release();
            }
        };
    }

    private static void add(InboundBuffer buffer, ReceivedBytes data, Connection conn) {
        buffer.add(data, data.readable(), conn, RCVBUF);
    }

    @Test
    void readingPausesAtTheReceiveBufferAndResumesBelowHalfOfIt() {
        InboundBuffer buffer = new InboundBuffer();
        add(buffer, piece("a", 0, 6), conn);
        assertEquals(List.of(), pauses);
        add(buffer, piece("b", 6, 6), conn);
        assertEquals(List.of(true), pauses, "12 bytes ≥ SO_RCVBUF 10");
        byte[] out = new byte[12];
        buffer.consumed(buffer.copy(out, 0, 6, false), conn, RCVBUF);
        assertEquals(List.of(true), pauses, "6 bytes left: not below half");
        buffer.consumed(buffer.copy(out, 6, 1, false), conn, RCVBUF);
        assertEquals(List.of(true, false), pauses, "5 bytes left: below half + 1");
        assertEquals(5, buffer.bytes());
    }

    @Test
    void aPeekCopiesWithoutConsumingAndAReadReleasesEachPieceOnceItIsEmpty() {
        InboundBuffer buffer = new InboundBuffer();
        add(buffer, piece("a", 0, 3), null);
        add(buffer, piece("b", 3, 3), null);
        byte[] out = new byte[4];
        assertEquals(4, buffer.copy(out, 0, 4, true));
        assertArrayEquals(new byte[] {0, 1, 2, 3}, out);
        assertEquals(List.of(), released);
        assertEquals(4, buffer.copy(out, 0, 4, false));
        assertArrayEquals(new byte[] {0, 1, 2, 3}, out);
        assertEquals(List.of("a"), released, "b still holds 2 bytes");
        buffer.consumed(4, null, RCVBUF);
        assertEquals(2, buffer.bytes());
    }

    @Test
    void discardReleasesEveryPieceOnceAndResetForgetsThePause() {
        InboundBuffer buffer = new InboundBuffer();
        add(buffer, piece("a", 0, 6), conn);
        add(buffer, piece("b", 6, 6), conn);
        buffer.discard();
        assertEquals(List.of("a", "b"), released);
        assertEquals(0, buffer.bytes());
        buffer.discard();
        assertEquals(List.of("a", "b"), released, "nothing released twice");
        buffer.reset();
        add(buffer, piece("c", 0, RCVBUF), conn);
        assertEquals(List.of(true, true), pauses, "after reset the limit pauses a new connection again");
    }

    @Test
    void movingToAnotherBufferTakesThePiecesAndThePause() {
        InboundBuffer child = new InboundBuffer();
        add(child, piece("a", 0, RCVBUF), conn);
        InboundBuffer target = new InboundBuffer();
        target.moveFrom(child);
        assertEquals(0, child.bytes());
        assertEquals(RCVBUF, target.bytes());
        child.discard();
        assertEquals(List.of(), released, "the moved piece is the target's now");
        byte[] out = new byte[RCVBUF];
        target.consumed(target.copy(out, 0, RCVBUF, false), conn, RCVBUF);
        assertEquals(List.of(true, false), pauses, "the target resumes the reading the child paused");
        assertEquals(List.of("a"), released);
    }
}
