package io.teardown.api.handle;

/**
 * How a {@link HandleTable} encodes a handle value and a slot's state word: static and allocation-free,
 * so the JIT inlines every use into the lookups.
 *
 * <p>A value is {@code (slot + 1) << 2}: a non-zero multiple of 4, never 0 or -1, its two low bits
 * ignored on lookup as Windows reserves them as tag bits (KO-11). With generation tagging (strict mode)
 * bits 24–30 carry the slot's 7-bit generation, so a stale value is told apart from the slot's new owner.
 *
 * <p>A slot's state is {@code ALLOCATED | CLOSING | generation (7 bits at 32) | leases (32 bits)}.
 */
final class SlotCodec {
    static final long ALLOCATED = 1L << 62;
    static final long CLOSING = 1L << 61;
    static final int GEN_SHIFT = 32;
    static final long GEN_BITS = 0x7FL;
    static final long GEN_MASK = GEN_BITS << GEN_SHIFT;
    static final long LEASES = 0xFFFF_FFFFL;

    private static final int VALUE_GEN_SHIFT = 24;
    private static final long VALUE_SLOT_BITS = 0x00FF_FFFCL;

    private SlotCodec() {
    }

    /** The slot a value names, or -1 if it cannot be a value of a table with (or without) generation tags. */
    static int slotOf(long value, boolean generations) {
        long high = generations ? value & ~0x7FFF_FFFFL : value & ~0x00FF_FFFFL;
        if (high != 0) {
            return -1;
        }
        return (int) ((value & VALUE_SLOT_BITS) >>> 2) - 1;
    }

    /** The value of {@code slot} in its generation {@code gen}. */
    static long valueOf(int slot, long gen, boolean generations) {
        long v = ((long) slot + 1) << 2;
        return generations ? v | (gen << VALUE_GEN_SHIFT) : v;
    }

    /** The generation a state word carries. */
    static long generation(long state) {
        return (state >>> GEN_SHIFT) & GEN_BITS;
    }

    /** Whether a value carries the generation of {@code state} (always, without generation tags). */
    static boolean sameGeneration(long state, long value, boolean generations) {
        return !generations || generation(state) == ((value >>> VALUE_GEN_SHIFT) & GEN_BITS);
    }

    /** Whether {@code state} is an open handle that {@code value} names: allocated, not closing, same generation. */
    static boolean usable(long state, long value, boolean generations) {
        if ((state & (ALLOCATED | CLOSING)) != ALLOCATED) {
            return false;
        }
        return sameGeneration(state, value, generations);
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
