package io.tunepipe.ingest.pipeline;

import java.util.Arrays;

/**
 * Remembers, for every question seen, a hash of its answer and its line, in open-addressed primitive arrays
 * (about 24 bytes a question), so that duplicates and conflicting answers are found in constant memory per row.
 */
final class QuestionLedger {

    /** What became of a question. */
    enum Outcome { NEW, DUPLICATE, CONFLICT }

    private long[] keys;
    private long[] answers;
    private long[] lines;
    private int size;
    private long conflictLine;

    QuestionLedger() {
        allocate(1 << 12);
    }

    /** Records the question's answer if the question is new; otherwise compares with the first answer seen. */
    Outcome offer(long questionHash, long answerHash, long line) {
        long key = questionHash == 0 ? 1 : questionHash;
        int slot = slot(key);
        if (keys[slot] == key) {
            if (answers[slot] == answerHash) {
                return Outcome.DUPLICATE;
            }
            conflictLine = lines[slot];
            return Outcome.CONFLICT;
        }
        keys[slot] = key;
        answers[slot] = answerHash;
        lines[slot] = line;
        if (++size > keys.length * 0.6) {
            grow();
        }
        return Outcome.NEW;
    }

    /** The line where the question of the last conflict was first seen. */
    long conflictLine() {
        return conflictLine;
    }

    private int slot(long key) {
        int mask = keys.length - 1;
        int i = (int) (mix(key) & mask);
        while (keys[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldAnswers = answers;
        long[] oldLines = lines;
        allocate(oldKeys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != 0) {
                int slot = slot(oldKeys[i]);
                keys[slot] = oldKeys[i];
                answers[slot] = oldAnswers[i];
                lines[slot] = oldLines[i];
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        answers = new long[capacity];
        lines = new long[capacity];
        Arrays.fill(keys, 0);
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return h;
    }
}
