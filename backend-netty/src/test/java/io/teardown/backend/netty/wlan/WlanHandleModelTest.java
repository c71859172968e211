package io.teardown.backend.netty.wlan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Ref;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.testkit.hardening.SoakTries;
import io.teardown.wlan.WlanApi;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Random sequences of open, use, close, bad close and use-after-close, against a model of the WLAN
 * handle table: every result is the one the rules give (WL-01, WL-02, WL-03, WL-08), including when a
 * closed value is reused by a later open.
 */
class WlanHandleModelTest {
    /** {@link SoakTries} from this package, which surefire opens to jqwik when it runs this class alone. */
    static final class Soak implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            SoakTries.scale(context);
            return property.execute();
        }

        @Override
        public int aroundPropertyProximity() {
            return -100;
        }
    }

    enum Kind { OPEN, USE, CLOSE, CLOSE_WITH_RESERVED, USE_CLOSED, CLOSE_CLOSED }

    record Op(Kind kind, int pick) {
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        Arbitrary<Op> op = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 1000))
                .as(Op::new);
        return op.list().ofMaxSize(30);
    }

    @Property(tries = 25)
    @AddLifecycleHook(Soak.class) // -Dteardown.soak=true: 100x the tries
    void randomSequencesMatchTheModel(@ForAll("sequences") List<Op> ops) {
        int ok = 0;
        int invalidHandle = Win32Error.ERROR_INVALID_HANDLE.code();
        int invalidParameter = Win32Error.ERROR_INVALID_PARAMETER.code();
        try (Session session = Session.builder().backend("netty").build()) {
            WlanApi wlan = WlanApi.of(session);
            List<Long> open = new ArrayList<>();
            List<Long> closed = new ArrayList<>();
            for (Op op : ops) {
                switch (op.kind()) {
                    case OPEN -> {
                        LongRef h = new LongRef();
                        assertEquals(ok, wlan.WlanOpenHandle(2, null, new IntRef(), h));
                        assertEquals(false, open.contains(h.value), "a live value is never issued twice");
                        open.add(h.value);
                        closed.remove(h.value); // a reused value names the new session now
                    }
                    case USE -> {
                        if (!open.isEmpty()) {
                            long h = open.get(op.pick() % open.size());
                            assertEquals(ok, wlan.WlanEnumInterfaces(h, null, new Ref<>()));
                        }
                    }
                    case CLOSE -> {
                        if (!open.isEmpty()) {
                            long h = open.remove(op.pick() % open.size());
                            assertEquals(ok, wlan.WlanCloseHandle(h, null));
                            closed.add(h);
                        }
                    }
                    case CLOSE_WITH_RESERVED -> {
                        long h = open.isEmpty() ? 4 : open.get(op.pick() % open.size());
                        assertEquals(invalidParameter, wlan.WlanCloseHandle(h, new Object()));
                    }
                    case USE_CLOSED -> {
                        if (!closed.isEmpty()) {
                            long h = closed.get(op.pick() % closed.size());
                            assertEquals(invalidHandle, wlan.WlanEnumInterfaces(h, null, new Ref<>()));
                        }
                    }
                    case CLOSE_CLOSED -> {
                        if (!closed.isEmpty()) {
                            long h = closed.get(op.pick() % closed.size());
                            assertEquals(invalidHandle, wlan.WlanCloseHandle(h, null));
                        }
                    }
                    default -> throw new AssertionError(op);
                }
            }
            for (long h : open) {
                assertEquals(ok, wlan.WlanCloseHandle(h, null));
            }
            assertEquals(0, session.handles(io.teardown.api.HandleSpace.WLAN).size());
        }
    }
}
