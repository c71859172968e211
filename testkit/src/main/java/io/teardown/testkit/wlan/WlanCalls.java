package io.teardown.testkit.wlan;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.teardown.api.IntRef;
import io.teardown.api.LongRef;
import io.teardown.api.Session;
import io.teardown.api.Win32Error;
import io.teardown.testkit.TestBackend;
import io.teardown.wlan.WLAN_NOTIFICATION_DATA;
import io.teardown.wlan.WlanApi;
import io.teardown.wlan.service.WlanService;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;

/**
 * Small steps the WLAN rule contracts share: the result codes, a scriptable embedded service (the test is
 * skipped on the native backend), an opened client handle, and bounded waits for notifications and failures.
 */
final class WlanCalls {
    static final int OK = 0;
    static final int INVALID_PARAMETER = Win32Error.ERROR_INVALID_PARAMETER.code();
    static final int INVALID_HANDLE = Win32Error.ERROR_INVALID_HANDLE.code();
    static final Duration WAIT = Duration.ofSeconds(10);

    private WlanCalls() {
    }

    /** The session's emulated service; skips the test where the WLAN service cannot be scripted. */
    static WlanService scriptable(TestBackend b) {
        return scriptableService(b, b.session());
    }

    static WlanService scriptableService(TestBackend b, Session session) {
        Assumptions.assumeFalse(b.name().equals("native"),
                "Windows' own WLAN service cannot be scripted, stopped or crashed by a test");
        return WlanService.embedded(session);
    }

    static long open(WlanApi wlan) {
        IntRef negotiated = new IntRef();
        LongRef h = new LongRef();
        assertEquals(OK, wlan.WlanOpenHandle(WlanApi.WLAN_API_VERSION_2_0, null, negotiated, h));
        return h.value;
    }

    static WLAN_NOTIFICATION_DATA awaitCode(LinkedBlockingQueue<WLAN_NOTIFICATION_DATA> q, int source, int code,
                                                   UUID iface) throws InterruptedException {
        long end = System.nanoTime() + WAIT.toNanos();
        for (;;) {
            WLAN_NOTIFICATION_DATA d = q.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (d == null) {
                throw new AssertionError("no notification " + source + "/" + code + " within " + WAIT);
            }
            if (d.NotificationSource == source && d.NotificationCode == code && iface.equals(d.InterfaceGuid)) {
                return d;
            }
        }
    }

    /** Repeats a call until it fails (the loss of a connection is seen asynchronously); returns the failure. */
    static int awaitFailure(java.util.function.IntSupplier call) throws InterruptedException {
        AtomicLong end = new AtomicLong(System.nanoTime() + WAIT.toNanos());
        int rc;
        while ((rc = call.getAsInt()) == OK) {
            if (System.nanoTime() - end.get() > 0) {
                throw new AssertionError("the call kept succeeding");
            }
            Thread.sleep(5);
        }
        return rc;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("latch not released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
