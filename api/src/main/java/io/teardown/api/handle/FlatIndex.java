package io.teardown.api.handle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A {@link HandleTable}'s flat index for lookups without generation tags: the entry of each open handle
 * at index {@code value >>> 2} (slot + 1; index 0 stays null for the reserved value 0), null otherwise, so
 * {@code get} is one bounds check and one load from a flat array, like a plain array read. Set under
 * allocLock on insert (before the state), grown by copying under the same lock, and cleared on close
 * before the CLOSING transition by {@link #clearVisible}, which needs no lock. Absent with generation
 * tags, where {@code get} must check the state anyway.
 */
abstract class FlatIndex extends SlotPages {
    static final VarHandle VISIBLE = MethodHandles.arrayElementVarHandle(HandleEntry[].class);
    static final VarHandle VISIBLE_ARRAY;

    static {
        try {
            VISIBLE_ARRAY = MethodHandles.lookup().findVarHandle(FlatIndex.class, "visible", HandleEntry[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The index; replaced with a release store (VISIBLE_ARRAY), read plainly before get's acquire fence. */
    HandleEntry[] visible;
    private volatile boolean growing; // set while publish() copies visible (see clearVisible)

    FlatIndex(boolean recordOrigins, boolean flat) {
        super(recordOrigins);
        this.visible = flat ? new HandleEntry[PAGE_SIZE] : null;
    }

    /**
     * Clears what {@code get} sees for {@code slot}, without allocLock: closes on many threads must not
     * queue behind one lock (it made open/close pairs on two threads 4x slower). A growth copying the
     * array at the same moment could copy the entry just before the clear; the fences make sure that in
     * that case this thread sees {@code growing} (or a new array) and clears again under the lock.
     */
    final void clearVisible(int slot) {
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

    /** Sets the entry {@code get} sees for {@code slot}, growing the flat array first. Called under allocLock. */
    final void publish(int slot, HandleEntry entry) {
        HandleEntry[] v = visible;
        int index = slot + 1;
        if (index >= v.length) {
            if (entry == null) {
                return; // never published, nothing to clear
            }
            growing = true;
            VarHandle.fullFence(); // pairs with clearVisible(): a clear either lands before the copy or sees growing
            v = Arrays.copyOf(v, Math.min(Math.max(v.length * 2, index + 1), MAX_SLOTS + 1));
            VISIBLE_ARRAY.setRelease(this, v); // a reader that sees the new array sees every entry copied into it
            growing = false;
        }
        VISIBLE.setRelease(v, index, entry);
    }
}
