package io.teardown.backend.windows.jna;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Callback;
import java.lang.ref.WeakReference;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link CallbackKeeper}: callbacks stay strongly reachable exactly until their owner is released. */
@Timeout(30)
class CallbackKeeperTest {
    private final CallbackKeeper<Long> keeper = new CallbackKeeper<>();

    /** A distinct callback object per call (a non-capturing lambda would be one shared instance). */
    private static final class Noop implements WlanApiLibrary.WLAN_NOTIFICATION_CALLBACK {
        @Override
        public void callback(WLAN_NOTIFICATION_DATA data, com.sun.jna.Pointer context) {
        }
    }

    private static Callback callback() {
        return new Noop();
    }

    @Test
    void holdsUntilReleased() {
        Callback cb = callback();
        keeper.hold(4L, cb);
        assertTrue(keeper.holds(4L, cb));
        assertEquals(1, keeper.release(4L));
        assertFalse(keeper.holdsAny(4L));
        assertEquals(0, keeper.release(4L), "second release holds nothing");
    }

    @Test
    void anOwnerKeepsEveryCallbackItWasGiven() {
        Callback first = callback();
        Callback second = callback();
        keeper.hold(4L, first);
        keeper.hold(4L, second);
        keeper.hold(4L, second);
        assertTrue(keeper.holds(4L, first), "a replaced callback may still be running");
        assertEquals(2, keeper.release(4L));
    }

    @Test
    void childrenInheritAndAreReleasedSeparately() {
        Callback cb = callback();
        keeper.hold(4L, cb);
        assertTrue(keeper.inherit(4L, 8L));
        assertFalse(keeper.inherit(12L, 16L), "nothing to inherit");
        keeper.release(4L);
        assertTrue(keeper.holds(8L, cb), "the child still uses its parent's callback");
        assertEquals(Set.of(8L), keeper.owners());
    }

    @Test
    void dropRemovesOnlyThatCallback() {
        Callback kept = callback();
        Callback failed = callback();
        keeper.hold(4L, kept);
        keeper.hold(4L, failed);
        keeper.drop(4L, failed);
        assertTrue(keeper.holds(4L, kept));
        assertFalse(keeper.holds(4L, failed));
        keeper.drop(4L, kept);
        assertFalse(keeper.holdsAny(4L), "an owner with nothing left disappears");
    }

    @Test
    void heldCallbacksSurviveGcAndReleasedOnesDoNot() throws InterruptedException {
        WeakReference<Callback> weak = holdOnlyInKeeper(20L);
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        assertNotNull(weak.get(), "JNA would free the trampoline of a collected callback: it must stay reachable");
        keeper.release(20L);
        for (int i = 0; i < 50 && weak.get() != null; i++) {
            System.gc();
            Thread.sleep(10);
        }
        assertNull(weak.get(), "after release nothing of ours keeps it");
    }

    private WeakReference<Callback> holdOnlyInKeeper(long owner) {
        Callback cb = callback();
        keeper.hold(owner, cb);
        return new WeakReference<>(cb);
    }

    @Test
    void concurrentHoldsAndReleasesLoseNothing() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        Callback shared = callback();
        for (long owner = 0; owner < 400; owner++) {
            long o = owner;
            pool.execute(() -> {
                keeper.hold(o % 40, shared);
                keeper.hold(o % 40, callback());
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        for (long owner = 0; owner < 40; owner++) {
            assertEquals(11, keeper.release(owner), "owner " + owner + ": shared + 10 own callbacks");
        }
        assertTrue(keeper.owners().isEmpty());
    }
}
