package io.teardown.kernel.engine;

/**
 * A memory resource notification ({@code CreateMemoryResourceNotification}): signalled while memory is
 * low (less than an eighth of the JVM's maximum heap free) or high (more than half free). Measures the
 * JVM's heap, not the machine's memory as Windows does.
 */
final class MemoryNotificationObject extends KernelObject {
    private final boolean high;

    MemoryNotificationObject(boolean high) {
        this.high = high;
    }

    @Override
    String typeName() {
        return "Event";
    }

    boolean state() {
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        return high ? free > rt.maxMemory() / 2 : free < rt.maxMemory() / 8;
    }

    @Override
    boolean waitable() {
        return true;
    }

    @Override
    boolean signaled(Thread waiter) {
        return state();
    }

    @Override
    boolean polled() {
        return true;
    }
}
