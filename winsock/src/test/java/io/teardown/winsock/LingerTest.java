package io.teardown.winsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The {@code struct linger} value and its C byte layout (WS-08). */
class LingerTest {

    @Test
    void WS_08_defaultsAndFactories() {
        assertEquals(new Linger(0, 0), Linger.DONT_LINGER);
        assertFalse(Linger.DONT_LINGER.enabled());
        assertEquals(new Linger(1, 0), Linger.ABORTIVE);
        assertEquals(new Linger(1, 5), Linger.timeout(Duration.ofSeconds(5)));
        assertEquals(new Linger(1, 1), Linger.timeout(Duration.ofMillis(10)), "rounded up to a whole second");
        assertTrue(new Linger(5, 0).enabled());
    }

    @Test
    void WS_08_membersAreUnsignedShorts() {
        assertEquals(new Linger(0xFFFF, 1), new Linger(-1, 0x10001));
    }

    @Property
    void WS_08_bytesRoundTrip(@ForAll int onoff, @ForAll int seconds) {
        Linger l = new Linger(onoff, seconds);
        assertEquals(l, OptionBytes.linger(OptionBytes.linger(l)));
    }

    @Property
    void intBytesRoundTrip(@ForAll int v) {
        assertEquals(v, OptionBytes.int32(OptionBytes.int32(v)));
    }

    @Test
    void lingerBytesAreLittleEndianUShorts() {
        byte[] b = OptionBytes.linger(new Linger(1, 0x0102));
        assertEquals(1, b[0]);
        assertEquals(0, b[1]);
        assertEquals(2, b[2]);
        assertEquals(1, b[3]);
    }
}
