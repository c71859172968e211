package io.teardown.api.handle;

import io.teardown.api.HandleSpace;
import io.teardown.api.Win32Error;
import io.teardown.api.Win32Exception;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
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
 * @param <E> what a slot holds
 */
public final class HandleTable<E extends HandleEntry> {
    /** The most handles one table holds at once (the slot index has 22 bits). */
    public static final int MAX_HANDLES = (1 << 22) - 1;

    private static final int PAGE_BITS = 10;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;
    /** Pages a full table has: the directory is allocated at this size once and never moves. */
    private static final int DIRECTORY_SIZE = (MAX_HANDLES >>> PAGE_BITS) + 1;

    // Slot state: ALLOCATED | CLOSING | generation (7 bits at 32) | leases (32 bits).
    private static final long ALLOCATED = 1L << 62;
    private static final long CLOSING = 1L << 61;
    private static final int GEN_SHIFT = 32;
    private static final long GEN_BITS = 0x7FL;
    private static final long GEN_MASK = GEN_BITS << GEN_SHIFT;
    private static final long LEASES = 0xFFFF_FFFFL;

    private static final int VALUE_GEN_SHIFT = 24;
    private static final long VALUE_SLOT_BITS = 0x00FF_FFFCL;

    private static final VarHandle STATES = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle ENTRIES = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle PAGES = MethodHandles.arrayElementVarHandle(Page[].class);
    private static final VarHandle VISIBLE = MethodHandles.arrayElementVarHandle(HandleEntry[].class);
    private static final VarHandle NEXT_FREE = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle VISIBLE_ARRAY;

    static {
        try {
            VISIBLE_ARRAY = MethodHandles.lookup().findVarHandle(HandleTable.class, "visible", HandleEntry[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final class Page {
        final Object[] entries = new Object[PAGE_SIZE];
        final long[] states = new long[PAGE_SIZE];
        /** For a free slot, the next free slot + 1 (0 ends the list): the free list lives in the pages. */
        final int[] nextFree = new int[PAGE_SIZE];
        final Throwable[] origins;

        Page(boolean origins) {
            this.origins = origins ? new Throwable[PAGE_SIZE] : null;
        }
    }

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
    private final boolean recordOrigins;
    private final Object allocLock = new Object();
    private final AtomicInteger size = new AtomicInteger();
    // Fixed-size directories (16 KiB each): no copy-on-write array to re-read and re-check on every
    // lookup; a page, once published (release store under allocLock), stays for the table's life.
    private final Page[] pages = new Page[DIRECTORY_SIZE];
    /**
     * Without generation tags: the entry of each open handle at index {@code value >>> 2} (slot + 1;
     * index 0 stays null for the reserved value 0), null otherwise. {@link #get} is then one bounds
     * check and one load from a flat array, like a plain array read. Set under {@code allocLock} on
     * insert (before the state), grown by copying under the same lock, and cleared on close before the
     * CLOSING transition by {@link #clearVisible}, which needs no lock. Null with generation tags, where
     * get must check the state anyway.
     */
    private HandleEntry[] visible; // replaced with a release store (VISIBLE_ARRAY), read plainly before get's acquire fence
    private volatile boolean growing; // set while publish() copies visible (see clearVisible)
    // Guarded by allocLock: pages [0, pageCount) exist.
    private int pageCount;
    /**
     * The LIFO free list's top slot + 1 (0: empty), linked through {@link Page#nextFree}. Closes push
     * without a lock (issue 22: 10 000 closes returning their slots queued on allocLock); only
     * {@link #insert} pops, under allocLock, so there is one popper and no ABA: a slot it read as the top
     * cannot leave and come back before its compare-and-set.
     */
    private final AtomicInteger freeTop = new AtomicInteger();
    // Guarded by allocLock.
    private int nextSlot;

    /**
     * A new, empty table.
     *
     * @param space         which table this is (for messages)
     * @param generations   tag values with a generation so stale values are detected (strict mode)
     * @param recordOrigins remember where each handle was opened, for leak reports
     */
    public HandleTable(HandleSpace space, boolean generations, boolean recordOrigins) {
        this.space = space;
        this.generations = generations;
        this.recordOrigins = recordOrigins;
        this.visible = generations ? null : new HandleEntry[PAGE_SIZE];
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
            int top = popFree();
            if (top >= 0) {
                slot = top;
            } else if (nextSlot < MAX_HANDLES) {
                slot = nextSlot++;
            } else {
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
     * Clears what {@link #get} sees for {@code slot}, without allocLock: closes on many threads must not
     * queue behind one lock (it made open/close pairs on two threads 4x slower). A growth copying the
     * array at the same moment could copy the entry just before the clear; the fences make sure that in
     * that case this thread sees {@code growing} (or a new array) and clears again under the lock.
     */
    private void clearVisible(int slot) {
        HandleEntry[] v = (HandleEntry[]) VISIBLE_ARRAY.getAcquire(this);
        int index = slot + 1;
        if (index < v.length) {
            VISIBLE.setVolatile(v, index, null);
        }
        VarHandle.fullFence();
        if (growing || VISIBLE_ARRAY.getAcquire(this) != v) {
            synchronized (allocLock) {
                publish(slot, null);
            }
        }
    }

    /** Sets the entry {@link #get} sees for {@code slot}, growing the flat array first. Called under allocLock. */
    private void publish(int slot, HandleEntry entry) {
        HandleEntry[] v = visible;
        int index = slot + 1;
        if (index >= v.length) {
            if (entry == null) {
                return; // never published, nothing to clear
            }
            growing = true;
            VarHandle.fullFence(); // pairs with clearVisible(): a clear either lands before the copy or sees growing
            v = Arrays.copyOf(v, Math.min(Math.max(v.length * 2, index + 1), MAX_HANDLES + 1));
            VISIBLE_ARRAY.setRelease(this, v); // a reader that sees the new array sees every entry copied into it
            growing = false;
        }
        VISIBLE.setRelease(v, index, entry);
    }

    // Called under allocLock.
    private Page pageForInsert(int index) {
        while (pageCount <= index) {
            Page page = new Page(recordOrigins);
            // Release store: a lock-free reader that sees the page sees it fully built.
            PAGES.setRelease(pages, pageCount, page);
            pageCount++;
        }
        return pages[index];
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
        if (generations && ((s >>> GEN_SHIFT) & GEN_BITS) != ((value >>> VALUE_GEN_SHIFT) & GEN_BITS)) {
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

    /** Puts {@code slot} on top of the free list. Lock-free; any thread. */
    private void pushFree(Page page, int off, int slot) {
        for (;;) {
            int top = freeTop.get();
            NEXT_FREE.setRelease(page.nextFree, off, top);
            if (freeTop.compareAndSet(top, slot + 1)) {
                return;
            }
        }
    }

    /** Takes the top of the free list, or -1 if it is empty. Under allocLock (the one popper). */
    private int popFree() {
        for (;;) {
            int top = freeTop.get();
            if (top == 0) {
                return -1;
            }
            int slot = top - 1;
            int next = (int) NEXT_FREE.getAcquire(page(slot).nextFree, slot & PAGE_MASK);
            if (freeTop.compareAndSet(top, next)) {
                return slot;
            }
        }
    }

    private boolean usable(long state, long value) {
        if ((state & (ALLOCATED | CLOSING)) != ALLOCATED) {
            return false;
        }
        return !generations || ((state >>> GEN_SHIFT) & GEN_BITS) == ((value >>> VALUE_GEN_SHIFT) & GEN_BITS);
    }

    private Page page(int slot) {
        return (Page) PAGES.getAcquire(pages, slot >>> PAGE_BITS);
    }

    /** The slot a value names, or -1 if it cannot be a value of this table. */
    private int slotOf(long value) {
        long high = generations ? value & ~0x7FFF_FFFFL : value & ~0x00FF_FFFFL;
        if (high != 0) {
            return -1;
        }
        return (int) ((value & VALUE_SLOT_BITS) >>> 2) - 1;
    }

    private long valueOf(int slot, long gen) {
        long v = ((long) slot + 1) << 2;
        return generations ? v | (gen << VALUE_GEN_SHIFT) : v;
    }

    private static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }

    @Override
    public String toString() {
        return "HandleTable[" + space + ", " + size() + " open]";
    }
}
