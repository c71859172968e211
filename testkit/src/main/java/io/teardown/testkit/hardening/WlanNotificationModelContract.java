package io.teardown.testkit.hardening;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.teardown.api.HandleSpace;
import io.teardown.api.IntRef;
import io.teardown.api.LeakTracking;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.testkit.EachBackend;
import io.teardown.testkit.OnEachBackend;
import io.teardown.testkit.TestBackend;

import io.teardown.wlan.WlanApi;
import io.teardown.wlan.service.WlanService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * Issue 11, part 2 (WLAN): random sequences of open / register (a callback that records, sleeps, or
 * closes its own handle) / scan / broadcast / close / close-again, on the Netty backend with its
 * embedded WLAN service, compared with a model. Extends {@code WlanHandleModelTest} (handles only) with
 * notifications and callbacks: WL-05 (nothing delivered once the close returned), WL-06 (the close
 * waits for a running callback), WL-07 (closing from the own callback is refused with 1131), WL-08
 * (a closed handle fails with 6), and the table is empty after every sequence.
 */
@AddLifecycleHook(OnEachBackend.class)
@EachBackend.Subsystems("wlan")
@OnEachBackend.Except(value = "native", reason = "the model scripts the embedded WLAN service, not Windows' own")
public class WlanNotificationModelContract {
    private static Session session;
    private static WlanService service;
    private static UUID wifi;
    private static WlanApi wlan;

    /** For jqwik and subclasses. */
    public WlanNotificationModelContract() {
    }

    @BeforeProperty
    public void start(TestBackend backend) {
        session = Session.builder().backend(backend.name()).name("model-wlan").leakTracking(LeakTracking.OFF).build();
        service = WlanService.embedded(session);
        wifi = service.addInterface("Model Wi-Fi");
        wlan = WlanApi.of(session);
    }

    @AfterProperty
    public void stop() {
        session.close();
    }

    enum Kind { OPEN, REGISTER_RECORD, REGISTER_SLEEP, REGISTER_CLOSE_SELF, SCAN, BROADCAST, CLOSE, CLOSE_AGAIN }

    record Op(Kind kind, int pick) {
    }

    @Provide
    Arbitrary<List<Op>> sequences() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 999))
                .as(Op::new).list().ofMinSize(1).ofMaxSize(6);
    }

    /** What the model knows of one client handle; also the callback context. */
    private static final class Client {
        final long value;
        boolean open = true;
        volatile boolean closeReturned;
        volatile boolean closeBegun;
        volatile boolean selfCloseRaced; // the callback's own close found the handle already closing
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger late = new AtomicInteger();
        final AtomicInteger selfCloseResult = new AtomicInteger(-1);
        final AtomicInteger delivered = new AtomicInteger();

        Client(long value) {
            this.value = value;
        }
    }

    @Property(tries = 10_000)
    @AddLifecycleHook(SoakTries.class) // -Dteardown.soak=true: 100x the tries
    void notificationsAndClosesFollowTheModel(@ForAll("sequences") List<Op> ops) throws Exception {
        List<Client> clients = new ArrayList<>();
        for (Op op : ops) {
            List<Client> open = clients.stream().filter(c -> c.open).toList();
            Client target = open.isEmpty() ? null : open.get(op.pick() % open.size());
            switch (op.kind()) {
                case OPEN -> {
                    LongRef h = new LongRef();
                    assertEquals(0, wlan.WlanOpenHandle(2, null, new IntRef(), h));
                    clients.forEach(c -> {
                        if (c.value == h.value) {
                            assertTrue(!c.open, "a live value is never issued twice");
                        }
                    });
                    clients.add(new Client(h.value));
                }
                case REGISTER_RECORD, REGISTER_SLEEP, REGISTER_CLOSE_SELF -> {
                    if (target != null) {
                        Kind kind = op.kind();
                        assertEquals(0, wlan.WlanRegisterNotification(target.value, WlanApi.WLAN_NOTIFICATION_SOURCE_ACM,
                                false, (data, context) -> {
                                    Client me = (Client) context;
                                    me.running.incrementAndGet();
                                    try {
                                        if (me.closeReturned) {
                                            me.late.incrementAndGet();
                                        }
                                        me.delivered.incrementAndGet();
                                        if (kind == Kind.REGISTER_SLEEP) {
                                            sleep(1);
                                        } else if (kind == Kind.REGISTER_CLOSE_SELF) {
                                            int rc = wlan.WlanCloseHandle(me.value, null);
                                            if (rc == 6 && me.closeBegun) {
                                                me.selfCloseRaced = true; // another thread's close came first (WL-08)
                                            } else {
                                                me.selfCloseResult.set(rc);
                                            }
                                        }
                                    } finally {
                                        me.running.decrementAndGet();
                                    }
                                }, target, null, null));
                    }
                }
                case SCAN -> {
                    if (target != null) {
                        assertEquals(0, wlan.WlanScan(target.value, wifi, null, null, null));
                    }
                }
                case BROADCAST -> service.broadcast(WlanApi.WLAN_NOTIFICATION_SOURCE_ACM,
                        WlanApi.wlan_notification_acm_scan_complete, wifi, null, 1 + op.pick() % 5);
                case CLOSE -> {
                    if (target != null) {
                        target.closeBegun = true;
                        assertEquals(0, wlan.WlanCloseHandle(target.value, null));
                        target.closeReturned = true;
                        target.open = false;
                        assertEquals(0, target.running.get(), "the close waited for the running callback (WL-06)");
                    }
                }
                case CLOSE_AGAIN -> {
                    List<Client> closed = clients.stream().filter(c -> !c.open
                            && clients.stream().noneMatch(o -> o.open && o.value == c.value)).toList();
                    if (!closed.isEmpty()) {
                        Client c = closed.get(op.pick() % closed.size());
                        assertEquals(6, wlan.WlanCloseHandle(c.value, null), "a closed handle (WL-08)");
                    }
                }
                default -> throw new AssertionError(op);
            }
        }
        for (Client c : clients) {
            if (c.open) {
                c.closeBegun = true;
                assertEquals(0, wlan.WlanCloseHandle(c.value, null));
                c.closeReturned = true;
                c.open = false;
                assertEquals(0, c.running.get(), "WL-06");
            }
        }
        assertTrue(ResourceProbe.eventually(Duration.ofSeconds(5), () -> session.handles(HandleSpace.WLAN).size() == 0),
                "every client handle freed");
        for (Client c : clients) {
            assertEquals(0, c.late.get(), "nothing delivered after the close returned (WL-05)");
            int self = c.selfCloseResult.get();
            assertTrue(self == -1 || self == 1131, "closing from the own callback is refused (WL-07): " + self);
        }
    }

    private static void sleep(int ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
