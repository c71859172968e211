package io.teardown.wlan.front;

import io.teardown.api.handle.Closer;
import io.teardown.api.handle.HandleEntry;
import io.teardown.wlan.spi.WlanDriver;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What a WLAN client handle names in the session's table: the driver's client session. The table
 * reclaims it once the handle was closed and the last call that leased it has returned (or when the
 * Teardown session closes), and only then does the driver release the connection (WL-08).
 */
final class ClientEntry implements HandleEntry {
    static final String TYPE = "WlanClient";
    /** {@link #releaseResult()} before the release ran: a call in flight still holds the entry. */
    static final int PENDING = Integer.MIN_VALUE;

    private final WlanDriver.Client client;
    private final AtomicBoolean released = new AtomicBoolean();
    private volatile int releaseResult = PENDING;

    ClientEntry(WlanDriver.Client client) {
        this.client = client;
    }

    WlanDriver.Client client() {
        return client;
    }

    /** 0 or the error of the driver's release, or {@link #PENDING} while a call in flight holds the entry. */
    int releaseResult() {
        return releaseResult;
    }

    @Override
    public String typeName() {
        return TYPE;
    }

    @Override
    public Closer closer() {
        return Closer.WLAN_CLOSE_HANDLE;
    }

    @Override
    public void reclaim() {
        if (released.compareAndSet(false, true)) {
            releaseResult = client.release();
        }
    }
}
