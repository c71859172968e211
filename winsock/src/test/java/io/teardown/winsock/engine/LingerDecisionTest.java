package io.teardown.winsock.engine;

import static io.teardown.winsock.engine.LingerDecision.Mode.ABORTIVE;
import static io.teardown.winsock.engine.LingerDecision.Mode.GRACEFUL;
import static io.teardown.winsock.engine.LingerDecision.Mode.LINGER;
import static io.teardown.winsock.engine.LingerDecision.Mode.RELEASE;
import static io.teardown.winsock.engine.LingerDecision.Mode.WOULD_BLOCK;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.teardown.winsock.Linger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The closesocket decision table (WS-04 … WS-07), row by row and as properties. */
class LingerDecisionTest {

    @Test
    void WS_04_noLingerIsGracefulWhateverTheMode() {
        for (boolean nonBlocking : new boolean[] {false, true}) {
            for (boolean pending : new boolean[] {false, true}) {
                assertEquals(GRACEFUL, LingerDecision.decide(new Linger(0, 9), nonBlocking, true, pending));
            }
        }
    }

    @Test
    void WS_05_zeroTimeoutIsAbortive() {
        assertEquals(ABORTIVE, LingerDecision.decide(Linger.ABORTIVE, false, true, true));
        assertEquals(ABORTIVE, LingerDecision.decide(Linger.ABORTIVE, true, true, false));
    }

    @Test
    void WS_06_blockingWithDataPendingLingers() {
        assertEquals(LINGER, LingerDecision.decide(new Linger(1, 5), false, true, true));
        assertEquals(GRACEFUL, LingerDecision.decide(new Linger(1, 5), false, true, false));
    }

    @Test
    void WS_07_nonBlockingWithDataPendingWouldBlock() {
        assertEquals(WOULD_BLOCK, LingerDecision.decide(new Linger(1, 5), true, true, true));
        assertEquals(GRACEFUL, LingerDecision.decide(new Linger(1, 5), true, true, false));
    }

    @Test
    void unconnectedSocketsAreJustReleased() {
        assertEquals(RELEASE, LingerDecision.decide(new Linger(1, 5), false, false, false));
        assertEquals(RELEASE, LingerDecision.decide(Linger.ABORTIVE, true, false, false));
    }

    @Property
    void WS_08_anyNonZeroOnoffLingers(@ForAll @IntRange(min = 1, max = 0xFFFF) int onoff,
                                      @ForAll @IntRange(min = 1, max = 0xFFFF) int seconds) {
        assertEquals(LINGER, LingerDecision.decide(new Linger(onoff, seconds), false, true, true));
        assertEquals(WOULD_BLOCK, LingerDecision.decide(new Linger(onoff, seconds), true, true, true));
    }
}
