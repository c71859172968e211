package io.teardown.kernel.engine;

/** A semaphore ({@code CreateSemaphore}): a count between 0 and a maximum; each wait takes one. */
final class SemaphoreObject extends KernelObject {
    private final Dispatcher dispatcher;
    private final int maximum;
    private int count; // guarded by the dispatcher lock

    SemaphoreObject(Dispatcher dispatcher, int initial, int maximum) {
        this.dispatcher = dispatcher;
        this.count = initial;
        this.maximum = maximum;
    }

    @Override
    String typeName() {
        return "Semaphore";
    }

    /** {@code ReleaseSemaphore}: the previous count, or -1 if the maximum would be passed. */
    int release(int n) {
        dispatcher.lock();
        try {
            if ((long) count + n > maximum) {
                return -1;
            }
            int before = count;
            count += n;
            dispatcher.signalledLocked(this);
            return before;
        } finally {
            dispatcher.unlock();
        }
    }

    @Override
    boolean waitable() {
        return true;
    }

    @Override
    boolean signaled(Thread thread) {
        return count > 0;
    }

    @Override
    boolean satisfy(Thread thread) {
        count--;
        return false;
    }
}
