package io.tunepipe.ingest.pipeline;

/**
 * Remembers, for every key hash offered, a hash of its value and its line, in one open-addressed primitive array that
 * keeps the three side by side (24 bytes a key, one cache miss a lookup): questions with their answers, so that
 * duplicates and conflicting answers are found, and the groups already taught, in constant memory per row.
 */
final class HashLedger {

    /** What became of a key. */
    enum Outcome { NEW, DUPLICATE, CONFLICT }

    private static final int KEY = 0;
    private static final int VALUE = 1;
    private static final int LINE = 2;
    private static final int WIDTH = 3;

    private long[] slots;
    private int capacity;
    private int size;
    private long conflictLine;

    HashLedger() {
        allocate(1 << 12);
    }

    /** Records the key's value if the key is new; otherwise compares with the first value seen. */
    Outcome offer(long keyHash, long valueHash, long line) {
        long key = keyHash == 0 ? 1 : keyHash;
        int at = slot(slots, capacity, key) * WIDTH;
        if (slots[at + KEY] == key) {
            if (slots[at + VALUE] == valueHash) {
                return Outcome.DUPLICATE;
            }
            conflictLine = slots[at + LINE];
            return Outcome.CONFLICT;
        }
        slots[at + KEY] = key;
        slots[at + VALUE] = valueHash;
        slots[at + LINE] = line;
        if (++size > capacity * 0.6) {
            grow();
        }
        return Outcome.NEW;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** Whether the key was offered before. */
    boolean contains(long keyHash) {
        long key = keyHash == 0 ? 1 : keyHash;
        return slots[slot(slots, capacity, key) * WIDTH + KEY] == key;
    }

    /** The line where the key of the last conflict was first seen. */
    long conflictLine() {
        return conflictLine;
    }

    /** The slot of {@code key} in a table of {@code capacity} slots: where it is, or the free one it would take. */
    private static int slot(long[] slots, int capacity, long key) {
        int mask = capacity - 1;
        int i = (int) (mix(key) & mask);
        while (slots[i * WIDTH + KEY] != 0 && slots[i * WIDTH + KEY] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] old = slots;
        allocate(capacity * 2);
        for (int from = 0; from < old.length; from += WIDTH) {
            if (old[from + KEY] != 0) {
                System.arraycopy(old, from, slots, slot(slots, capacity, old[from + KEY]) * WIDTH, WIDTH);
            }
        }
    }

    private void allocate(int newCapacity) {
        capacity = newCapacity;
        slots = new long[newCapacity * WIDTH];
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
