package io.tunepipe.ingest.pipeline;

/**
 * Remembers every key hash offered, in one open-addressed primitive array: as a ledger, with its value's hash folded to
 * 32 bits and its line packed in the long beside it (16 bytes a key, one cache miss a lookup), so that duplicate
 * questions and conflicting answers are found; as a set of keys alone (8 bytes a key), for the groups already taught.
 * Constant memory per row. Lines are kept as unsigned 32-bit numbers: an upload is capped well below 2^32 lines.
 */
final class HashLedger {

    /** What became of a key. */
    enum Outcome { NEW, DUPLICATE, CONFLICT }

    /** In a ledger, the long after a key: its value's folded hash in the upper half, its line in the lower. */
    private static final int ENTRY = 1;
    private static final long LINE_BITS = 0xFFFF_FFFFL;

    /** Longs a key takes: the key, then in a ledger its entry. */
    private final int width;
    private long[] slots;
    private int capacity;
    private int size;
    private long conflictLine;

    private HashLedger(int width) {
        this.width = width;
        allocate(1 << 12);
    }

    /** A ledger of keys with a value and a line each, for {@link #offer}. */
    static HashLedger withValues() {
        return new HashLedger(2);
    }

    /** A set of keys alone, for {@link #add}. */
    static HashLedger keysOnly() {
        return new HashLedger(1);
    }

    /** Records the key's value if the key is new; otherwise compares with the first value seen. */
    Outcome offer(long keyHash, long valueHash, long line) {
        long key = keyHash == 0 ? 1 : keyHash;
        int at = slot(key);
        long value = (valueHash ^ valueHash >>> 32) << 32;
        if (slots[at] == key) {
            long entry = slots[at + ENTRY];
            if ((entry & ~LINE_BITS) == value) {
                return Outcome.DUPLICATE;
            }
            conflictLine = entry & LINE_BITS;
            return Outcome.CONFLICT;
        }
        slots[at + ENTRY] = value | line & LINE_BITS;
        claim(at, key);
        return Outcome.NEW;
    }

    /** Records the key; false if it was there already. */
    boolean add(long keyHash) {
        long key = keyHash == 0 ? 1 : keyHash;
        int at = slot(key);
        if (slots[at] == key) {
            return false;
        }
        claim(at, key);
        return true;
    }

    /** Whether the key was offered or added before. */
    boolean contains(long keyHash) {
        long key = keyHash == 0 ? 1 : keyHash;
        return slots[slot(key)] == key;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The line where the key of the last conflict was first seen. */
    long conflictLine() {
        return conflictLine;
    }

    private void claim(int at, long key) {
        slots[at] = key;
        if (++size > capacity * 0.6) {
            grow();
        }
    }

    /** The offset of {@code key}'s slot: where it is, or the free one it would take. */
    private int slot(long key) {
        int mask = capacity - 1;
        int i = (int) (mix(key) & mask);
        while (slots[i * width] != 0 && slots[i * width] != key) {
            i = (i + 1) & mask;
        }
        return i * width;
    }

    private void grow() {
        long[] old = slots;
        allocate(capacity * 2);
        for (int from = 0; from < old.length; from += width) {
            if (old[from] != 0) {
                System.arraycopy(old, from, slots, slot(old[from]), width);
            }
        }
    }

    private void allocate(int newCapacity) {
        capacity = newCapacity;
        slots = new long[newCapacity * width];
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
