package io.teardown.winsock.engine;

import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;

/**
 * A socket's condition whose signals also run a hook: a receive that reads on the calling thread waits for
 * the transport's readiness rather than on the condition (issue 20; docs/winsock.md, "Where a call runs"),
 * and every event that signals the socket's waiters — data, the end of the stream, a reset, a
 * {@code closesocket} (WS-14), an event-driven feature attaching — must end that wait too. Signalled, as
 * any condition, with the lock held.
 */
final class WakingCondition implements Condition {
    private final Condition condition;
    private final Runnable onSignal;

    WakingCondition(Condition condition, Runnable onSignal) {
        this.condition = condition;
        this.onSignal = onSignal;
    }

    @Override
    public void signal() {
        condition.signal();
        onSignal.run();
    }

    @Override
    public void signalAll() {
        condition.signalAll();
        onSignal.run();
    }

    @Override
    public void await() throws InterruptedException {
        condition.await();
    }

    @Override
    public void awaitUninterruptibly() {
        condition.awaitUninterruptibly();
    }

    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        return condition.awaitNanos(nanosTimeout);
    }

    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return condition.await(time, unit);
    }

    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        return condition.awaitUntil(deadline);
    }
}
