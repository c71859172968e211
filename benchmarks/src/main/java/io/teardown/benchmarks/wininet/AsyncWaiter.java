package io.teardown.benchmarks.wininet;

import io.teardown.wininet.InternetAsyncResult;
import io.teardown.wininet.InternetStatusCallback;
import io.teardown.wininet.WinInet;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A WinINet status callback that lets the benchmark thread wait for one handle's
 * {@code INTERNET_STATUS_REQUEST_COMPLETE} or {@code INTERNET_STATUS_HANDLE_CLOSING} (WI-03, WI-10),
 * and remembers when each arrived ({@link System#nanoTime()}).
 */
final class AsyncWaiter implements InternetStatusCallback {
    private final Semaphore complete = new Semaphore(0);
    private final Semaphore closing = new Semaphore(0);
    private volatile long watched;
    volatile int lastError;
    volatile long completeAt;
    volatile long closingAt;

    /** Watch {@code handle} from now on (earlier permits are dropped). */
    void watch(long handle) {
        watched = handle;
        complete.drainPermits();
        closing.drainPermits();
    }

    @Override
    public void invoke(long hInternet, long dwContext, int dwInternetStatus, Object info, int length) {
        if (hInternet != watched) {
            return;
        }
        if (dwInternetStatus == WinInet.INTERNET_STATUS_REQUEST_COMPLETE) {
            completeAt = System.nanoTime();
            lastError = ((InternetAsyncResult) info).dwError;
            complete.release();
        } else if (dwInternetStatus == WinInet.INTERNET_STATUS_HANDLE_CLOSING) {
            closingAt = System.nanoTime();
            closing.release();
        }
    }

    /** Waits for the watched handle's next REQUEST_COMPLETE and returns its {@code dwError}. */
    int awaitComplete() throws InterruptedException {
        if (!complete.tryAcquire(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no REQUEST_COMPLETE within 30 s");
        }
        return lastError;
    }

    /** Puts back a HANDLE_CLOSING taken by {@link #awaitClosing} so a later wait sees it too. */
    void closingSeen() {
        closing.release();
    }

    /** Waits for the watched handle's HANDLE_CLOSING. */
    void awaitClosing() throws InterruptedException {
        if (!closing.tryAcquire(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no HANDLE_CLOSING within 30 s");
        }
    }
}
