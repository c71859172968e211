package io.teardown.api.handle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The storage of a {@link HandleTable}: a fixed directory of pages of slots, built 1024 slots at a time,
 * and the LIFO free list of closed slots, so that the next insertion reuses the slot closed last, as
 * Windows does (KO-11, WS-03). A page, once published, stays for the table's life; readers find it
 * without a lock. The table's lookups, leases and closes work on these slots (its subclass).
 */
abstract class SlotPages {
    static final int PAGE_BITS = 10;
    static final int PAGE_SIZE = 1 << PAGE_BITS;
    static final int PAGE_MASK = PAGE_SIZE - 1;
    /** The most handles one table holds at once (the slot index has 22 bits). */
    static final int MAX_SLOTS = (1 << 22) - 1;
    /** Pages a full table has: the directory is allocated at this size once and never moves. */
    static final int DIRECTORY_SIZE = (MAX_SLOTS >>> PAGE_BITS) + 1;

    static final VarHandle STATES = MethodHandles.arrayElementVarHandle(long[].class);
    static final VarHandle ENTRIES = MethodHandles.arrayElementVarHandle(Object[].class);
    static final VarHandle PAGES = MethodHandles.arrayElementVarHandle(Page[].class);
    private static final VarHandle NEXT_FREE = MethodHandles.arrayElementVarHandle(int[].class);

    /** One page of slots: entries, state words, the free list's links, and (optionally) origins. */
    static final class Page {
        final Object[] entries = new Object[PAGE_SIZE];
        final long[] states = new long[PAGE_SIZE];
        /** For a free slot, the next free slot + 1 (0 ends the list): the free list lives in the pages. */
        final int[] nextFree = new int[PAGE_SIZE];
        final Throwable[] origins;

        Page(boolean origins) {
            this.origins = origins ? new Throwable[PAGE_SIZE] : null;
        }
    }

    final boolean recordOrigins;
    final Object allocLock = new Object();
    // Fixed-size directories (16 KiB each): no copy-on-write array to re-read and re-check on every
    // lookup; a page, once published (release store under allocLock), stays for the table's life.
    final Page[] pages = new Page[DIRECTORY_SIZE];
    // Guarded by allocLock: pages [0, pageCount) exist.
    private int pageCount;
    /**
     * The LIFO free list's top slot + 1 (0: empty), linked through {@link Page#nextFree}. Closes push
     * without a lock (issue 22: 10 000 closes returning their slots queued on allocLock); only
     * {@link #takeSlot} pops, under allocLock, so there is one popper and no ABA: a slot it read as the top
     * cannot leave and come back before its compare-and-set.
     */
    private final AtomicInteger freeTop = new AtomicInteger();
    // Guarded by allocLock.
    private int nextSlot;

    SlotPages(boolean recordOrigins) {
        this.recordOrigins = recordOrigins;
    }

    /** The page of {@code slot}, or null if it was never built. Lock-free. */
    final Page page(int slot) {
        return (Page) PAGES.getAcquire(pages, slot >>> PAGE_BITS);
    }

    /**
     * A slot for a new handle: the one closed last, else a fresh one; -1 if the table is full. Called
     * under allocLock.
     */
    final int takeSlot() {
        int top = popFree();
        if (top >= 0) {
            return top;
        }
        return nextSlot < MAX_SLOTS ? nextSlot++ : -1;
    }

    /** The page of a slot being filled, built (with every page before it) if needed. Called under allocLock. */
    final Page pageForInsert(int index) {
        while (pageCount <= index) {
            Page page = new Page(recordOrigins);
            // Release store: a lock-free reader that sees the page sees it fully built.
            PAGES.setRelease(pages, pageCount, page);
            pageCount++;
        }
        return pages[index];
    }

    /** Puts {@code slot} on top of the free list. Lock-free; any thread. */
    final void pushFree(Page page, int off, int slot) {
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
}
