package io.teardown.api.handle;

import io.teardown.api.HandleSpace;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import static io.teardown.api.handle.SlotCodec.ALLOCATED;
import static io.teardown.api.handle.SlotCodec.CLOSING;
import static io.teardown.api.handle.SlotCodec.GEN_BITS;
import static io.teardown.api.handle.SlotCodec.GEN_MASK;
import static io.teardown.api.handle.SlotCodec.GEN_SHIFT;
import static io.teardown.api.handle.SlotCodec.LEASES;
import static io.teardown.api.handle.SlotCodec.hex;

import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One Windows handle table: values that look like Windows' own, lock-free reads, reference-counted
 * slots.
 *
 * <h2>Values</h2>
 * Handle values are non-zero multiples of 4 ({@code 4, 8, 12 …}); 0 and -1 are never issued. A closed
 * slot goes back on a LIFO free list and is reused by the next insertion, so stale-handle bugs
 * reproduce as they do on Windows (KO-11, WS-03). The low two bits of a value are ignored on lookup, as
 * Windows reserves them as tag bits (KO-11). With generation tagging (strict mode) bits 24–30 carry a
 * 7-bit generation, so a stale value is told apart from the slot's new owner ({@link #check}).
 *
 * <h2>Leases</h2>
 * A call that uses a handle {@link #acquire}s it and {@link #release}s it when done. {@link #close}
 * makes the value invalid at once for every new lookup, but the entry is {@link HandleEntry#reclaim()
 * reclaimed} (and its slot freed for reuse) only when the last lease ends; so a close that races an
 * in-flight call takes effect when that call returns, and a recycled value can never reach the old
 * entry (WS-14, WI-07).
 *
 * <h2>Threading and cost</h2>
 * {@link #get}, {@link #acquire} and {@link #release} take no lock and allocate nothing. Insertion and
 * slot recycling take a short lock. All methods are safe from any thread. Without generation tags a
 * lookup reads one fixed directory slot and one page slot (no state word), which keeps it within a
 * small factor of a plain array read (see docs/PERFORMANCE.md). A table costs 32 KiB of directory up
 * front and 16 bytes per slot (20 with origins), allocated 1024 slots at a time.
 *
 * <h2>Where the parts are</h2>
 * The value and state encoding is {@code SlotCodec}; the pages of slots and the free list are
 * {@code SlotPages}; the flat index that serves lookups without generation tags is {@code FlatIndex}
 * (both superclasses, so the lookups read their fields directly); this class is the lease counting and
 * the operations on top.
 *
 * @param <E> what a slot holds
 */
public final class HandleTable<E extends HandleEntry> extends FlatIndex {
    /** The most handles one table holds at once (the slot index has 22 bits). */
    public static final int MAX_HANDLES = MAX_SLOTS;

    /** What a value names, for diagnostics and strict mode. */
    public enum Validity {
        /** An open handle. */
        LIVE,
        /** Closed, with a call still in flight; invalid for new calls. */
        CLOSING,
        /** The slot was reused: the value carries an older generation (only with generation tagging). */
        STALE,
        /** Never issued, closed, or not a handle value of this table at all. */
        INVALID
    }

    private final HandleSpace space;
    private final boolean generations;
    private final AtomicInteger size = new AtomicInteger();

    /**
     * A new, empty table.
     *
     * @param space         which table this is (for messages)
     * @param generations   tag values with a generation so stale values are detected (strict mode)
     * @param recordOrigins remember where each handle was opened, for leak reports
     */
    public HandleTable(HandleSpace space, boolean generations, boolean recordOrigins) {
        super(recordOrigins, !generations);
        this.space = space;
        this.generations = generations;
    }

    /** Which table this is. */
    public HandleSpace space() {
        return space;
    }

    /** Whether values carry a generation tag. */
    public boolean generations() {
        return generations;
    }

    /** How many handles are open or closing. */
    public int size() {
        return size.get();
    }

    /**
     * Opens a handle for {@code entry} and returns its value.
     *
     * @throws Win32Exception {@link Win32Error#ERROR_NO_SYSTEM_RESOURCES} when the table is full
     */
    public long insert(E entry) {
        if (entry == null) {
            throw new NullPointerException("entry");
        }
        Throwable origin = recordOrigins ? new Throwable("handle opened here") : null;
        int slot;
        Page page;
        synchronized (allocLock) {
            slot = takeSlot();
            if (slot < 0) {
                throw new Win32Exception(Win32Error.ERROR_NO_SYSTEM_RESOURCES,
                        space + " handle table is full (" + MAX_HANDLES + " handles)");
            }
            page = pageForInsert(slot >>> PAGE_BITS);
            if (!generations) {
                publish(slot, entry);
            }
        }
        int off = slot & PAGE_MASK;
        long old = (long) STATES.getAcquire(page.states, off);
        long gen = ((old >>> GEN_SHIFT) + 1) & GEN_BITS;
        ENTRIES.setRelease(page.entries, off, entry);
        if (origin != null) {
            page.origins[off] = origin;
        }
        STATES.setRelease(page.states, off, ALLOCATED | (gen << GEN_SHIFT));
        size.incrementAndGet();
        return valueOf(slot, gen);
    }

    /**
     * The entry an open handle names, or {@code null} if the value is not an open handle (never
     * issued, closed, closing, stale, or not a value of this table). Lock-free; allocates nothing.
     */
    @SuppressWarnings("unchecked")
    public E get(long value) {
        if (!generations) {
            // One bounds check and one load from a statically typed flat array, then an acquire fence
            // (no instruction on x86): no directory, no state word, and no type check of the entry,
            // which would read the entry's header and cost a second cache miss in a large table. The
            // index is the value without its two ignored low bits; any value with bits above the
            // table's 24 (negative ones included) lands past the array's end.
            //
            // The array reference is read plainly so the JIT can keep it in a register, as it does for
            // a plain array. An entry found that way is safe to use: the reference was written by a
            // release store after everything the entry needs (publish()), and the fence below orders
            // the reader after it. Only "nothing there" is unproven (a racing read of a just-grown
            // array may see its default nulls), so a miss looks again with acquire loads.
            HandleEntry[] v = visible;
            long index = value >>> 2;
            HandleEntry e = index < v.length ? v[(int) index] : null;
            VarHandle.acquireFence();
            if (e == null) {
                v = (HandleEntry[]) VISIBLE_ARRAY.getAcquire(this);
                e = index < v.length ? (HandleEntry) VISIBLE.getAcquire(v, (int) index) : null;
            }
            return (E) e;
        }
        int slot = slotOf(value);
        if (slot < 0) {
            return null;
        }
        Page page = page(slot);
        if (page == null) {
            return null;
        }
        int off = slot & PAGE_MASK;
        long s = (long) STATES.getAcquire(page.states, off);
        if (!usable(s, value)) {
            return null;
        }
        Object e = ENTRIES.getAcquire(page.entries, off);
        if (generations) {
            // The slot may have been freed and reissued between the two reads: with generation tags a
            // stale value must not reach the new owner, so look again. Without tags the value names
            // whatever holds the slot now, as on Windows, and a freed slot reads as null.
            long again = (long) STATES.getAcquire(page.states, off);
            if (((again ^ s) & (ALLOCATED | CLOSING | GEN_MASK)) != 0) {
                return null;
            }
        }
        return (E) e;
    }

    /**
     * Leases an open handle for the length of a call: until the matching {@link #release}, a
     * {@link #close} of the handle does not reclaim the entry or free the value. Returns {@code null}
     * (and leases nothing) if the value is not an open handle. Lock-free; allocates nothing.
     */
    @SuppressWarnings("unchecked")
    public E acquire(long value) {
        int slot = slotOf(value);
        if (slot < 0) {
            return null;
        }
        Page page = page(slot);
        if (page == null) {
            return null;
        }
        int off = slot & PAGE_MASK;
        for (;;) {
            long s = (long) STATES.getAcquire(page.states, off);
            if (!usable(s, value)) {
                return null;
            }
            if ((s & LEASES) == LEASES) {
                throw new IllegalStateException("too many concurrent leases on handle " + hex(value));
            }
            if (STATES.weakCompareAndSet(page.states, off, s, s + 1)) {
                return (E) ENTRIES.getAcquire(page.entries, off);
            }
        }
    }

    /**
     * Ends a lease taken by {@link #acquire} on the same value. If the handle was closed meanwhile and
     * this was its last lease, the entry is reclaimed on this thread and the value freed.
     */
    public void release(long value) {
        int slot = slotOf(value);
        Page page = slot < 0 ? null : page(slot);
        if (page == null) {
            throw new IllegalStateException("release of a value that was never leased: " + hex(value));
        }
        int off = slot & PAGE_MASK;
        for (;;) {
            long s = (long) STATES.getAcquire(page.states, off);
            if ((s & LEASES) == 0 || (s & ALLOCATED) == 0) {
                throw new IllegalStateException("release without a lease: " + hex(value));
            }
            long n = s - 1;
            if (STATES.weakCompareAndSet(page.states, off, s, n)) {
                if ((n & CLOSING) != 0 && (n & LEASES) == 0) {
                    reclaimAndFree(page, slot);
                }
                return;
            }
        }
    }

    /**
     * Closes a handle: the value is invalid for every later lookup at once; the entry is reclaimed now,
     * or by the thread that ends the last lease in flight. Returns the entry that was closed, or
     * {@code null} if the value was not an open handle (nothing changes then).
     */
    @SuppressWarnings("unchecked")
    public E close(long value) {
        int slot = slotOf(value);
        if (slot < 0) {
            return null;
        }
        Page page = page(slot);
        if (page == null) {
            return null;
        }
        int off = slot & PAGE_MASK;
        for (;;) {
            long s = (long) STATES.getAcquire(page.states, off);
            if (!usable(s, value)) {
                return null;
            }
            // Cleared before the transition so that once close returns no lookup finds the entry. If
            // the CAS fails the loop re-reads: the slot is then either still open (cleared again, and
            // closed) or no longer usable (and its visible entry is null anyway).
            if (!generations) {
                clearVisible(slot);
            }
            if (STATES.weakCompareAndSet(page.states, off, s, s | CLOSING)) {
                E entry = (E) ENTRIES.getAcquire(page.entries, off);
                if ((s & LEASES) == 0) {
                    reclaimAndFree(page, slot);
                }
                return entry;
            }
        }
    }

    /** What {@code value} names: open, closing, stale (generation tagging only) or invalid. */
    public Validity check(long value) {
        int slot = slotOf(value);
        Page page = slot < 0 ? null : page(slot);
        if (page == null) {
            return Validity.INVALID;
        }
        long s = (long) STATES.getAcquire(page.states, slot & PAGE_MASK);
        if ((s & ALLOCATED) == 0) {
            return Validity.INVALID;
        }
        if (!SlotCodec.sameGeneration(s, value, generations)) {
            return Validity.STALE;
        }
        return (s & CLOSING) != 0 ? Validity.CLOSING : Validity.LIVE;
    }

    /** Where the handle was opened, if origins are recorded and the handle is open. */
    public Optional<Throwable> origin(long value) {
        int slot = slotOf(value);
        Page page = slot < 0 ? null : page(slot);
        if (page == null || page.origins == null || get(value) == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(page.origins[slot & PAGE_MASK]);
    }

    /** Every handle open now (closing ones excluded), in slot order. Allocates; for diagnostics. */
    @SuppressWarnings("unchecked")
    public List<LiveHandle<E>> snapshot() {
        List<LiveHandle<E>> out = new ArrayList<>();
        for (int p = 0; p < DIRECTORY_SIZE; p++) {
            Page page = (Page) PAGES.getAcquire(pages, p);
            if (page == null) {
                break;
            }
            for (int off = 0; off < PAGE_SIZE; off++) {
                long s = (long) STATES.getAcquire(page.states, off);
                if ((s & ALLOCATED) == 0 || (s & CLOSING) != 0) {
                    continue;
                }
                Object e = ENTRIES.getAcquire(page.entries, off);
                if (e == null) {
                    continue;
                }
                int slot = (p << PAGE_BITS) | off;
                Throwable origin = page.origins == null ? null : page.origins[off];
                out.add(new LiveHandle<>(valueOf(slot, (s >>> GEN_SHIFT) & GEN_BITS), (E) e,
                        Optional.ofNullable(origin)));
            }
        }
        return out;
    }

    /**
     * Closes every open handle (as {@link #close} does, one by one) and returns how many were open.
     * Used when the session closes.
     */
    public int closeAll() {
        int n = 0;
        for (LiveHandle<E> h : snapshot()) {
            if (close(h.value()) != null) {
                n++;
            }
        }
        return n;
    }

    private void reclaimAndFree(Page page, int slot) {
        int off = slot & PAGE_MASK;
        HandleEntry entry = (HandleEntry) ENTRIES.getAcquire(page.entries, off);
        try {
            entry.reclaim();
        } finally {
            long s = (long) STATES.getAcquire(page.states, off);
            STATES.setRelease(page.states, off, s & GEN_MASK);
            ENTRIES.setRelease(page.entries, off, null);
            if (page.origins != null) {
                page.origins[off] = null;
            }
            size.decrementAndGet();
            pushFree(page, off, slot);
        }
    }

    private boolean usable(long state, long value) {
        return SlotCodec.usable(state, value, generations);
    }

    /** The slot a value names, or -1 if it cannot be a value of this table. */
    private int slotOf(long value) {
        return SlotCodec.slotOf(value, generations);
    }

    private long valueOf(int slot, long gen) {
        return SlotCodec.valueOf(slot, gen, generations);
    }

    @Override
    public String toString() {
        return "HandleTable[" + space + ", " + size() + " open]";
    }
}
