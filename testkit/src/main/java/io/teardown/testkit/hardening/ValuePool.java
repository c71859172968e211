package io.teardown.testkit.hardening;

import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The handle values a fuzzer feeds to {@code long} parameters: values the run has seen returned (live,
 * later closed, later reused), values of other handle tables and of other sessions, the pseudo-handles
 * −1 … −12, 0, values with the low tag bits set, 32-bit truncations, and random 64-bit numbers. Values
 * named {@linkplain #reserve reserved} are never handed out, so a harness can keep a few handles of its
 * own (the watchdog's thread handles) out of the fuzzer's reach.
 */
public final class ValuePool {
    private static final int SIZE = 512;

    private final AtomicLongArray seen = new AtomicLongArray(SIZE);
    private final AtomicInteger next = new AtomicInteger();
    private final long[] foreign;
    private final Set<Long> reserved = ConcurrentHashMap.newKeySet();

    /**
     * A pool.
     *
     * @param foreign values of other handle tables or other sessions, offered as they are
     */
    public ValuePool(long... foreign) {
        this.foreign = foreign.clone();
    }

    /** Remembers a value a call returned (0 and −1 are ignored). */
    public void offer(long value) {
        if (value != 0 && value != -1) {
            seen.set(Math.floorMod(next.getAndIncrement(), SIZE), value);
        }
    }

    /** Keeps {@code value} (whatever its tag bits) out of every later {@link #pick}. */
    public void reserve(long value) {
        reserved.add(value & ~3L);
    }

    /** Whether {@code value} names a reserved handle. */
    public boolean isReserved(long value) {
        return reserved.contains(value & ~3L);
    }

    /** A value for a handle parameter. */
    public long pick(SplittableRandom r) {
        long v;
        int attempts = 0;
        do {
            v = candidate(r);
        } while (isReserved(v) && ++attempts < 16);
        return isReserved(v) ? 0 : v;
    }

    private long candidate(SplittableRandom r) {
        int k = r.nextInt(100);
        if (k < 30) {
            // the newest values: chains of calls (open a parent, then its children) get somewhere
            long v = seen.get(Math.floorMod(next.get() - 1 - r.nextInt(8), SIZE));
            return v != 0 ? v : 4L * (1 + r.nextInt(64));
        }
        if (k < 55) {
            long v = seen.get(r.nextInt(SIZE));
            return v != 0 ? v : 4L * (1 + r.nextInt(64));
        }
        if (k < 62 && foreign.length > 0) {
            return foreign[r.nextInt(foreign.length)];
        }
        if (k < 72) {
            return -1 - r.nextInt(12); // pseudo and standard handles
        }
        if (k < 76) {
            return 0;
        }
        if (k < 82) {
            long v = seen.get(r.nextInt(SIZE));
            return v | (1 + r.nextInt(3)); // tag bits
        }
        if (k < 86) {
            long v = seen.get(r.nextInt(SIZE));
            return r.nextBoolean() ? v & 0xFFFF_FFFFL : v | (1L << (32 + r.nextInt(31))); // truncated, high dword
        }
        if (k < 92) {
            return 4L * r.nextInt(2048); // small values that were never issued, or were
        }
        return r.nextLong();
    }
}
