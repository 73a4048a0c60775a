package io.tunepipe.ingest.pipeline;

import io.tunepipe.contracts.Split;

import java.util.Locale;
import java.util.Optional;

/**
 * The default split of one file, for rows that name none: a group's first question is trained, so the fact is taught;
 * its further questions (rewordings) are held out by a stable hash of their own key at the configured ratios; and a
 * small share of whole groups, chosen by the group hash, goes to test untrained, as out-of-scope probes.
 */
final class GroupSplitter {

    /** Salts the group hash for the probe draw, so it does not follow the rewordings' draw of a related key. */
    private static final long PROBE_SALT = 0x9e3779b97f4a7c15L;

    private final double trainBound;
    private final double validationBound;
    private final double probeShare;
    /** Groups with an example in training; the file's first group is never a probe, so training is never empty. */
    private final HashLedger taught = HashLedger.keysOnly();

    GroupSplitter(IngestSettings settings) {
        double total = settings.trainRatio() + settings.validationRatio() + settings.testRatio();
        this.trainBound = settings.trainRatio() / total;
        this.validationBound = (settings.trainRatio() + settings.validationRatio()) / total;
        this.probeShare = settings.probeGroupShare();
    }

    /** The split of a new example whose row names none: {@code questionKey} is the hash of its question's key. */
    Split split(long groupHash, long questionKey) {
        if (unit(groupHash ^ PROBE_SALT) < probeShare && !taught.isEmpty() && !taught.contains(groupHash)) {
            return Split.TEST;
        }
        if (taught.add(groupHash)) {
            return Split.TRAIN;
        }
        double u = unit(questionKey);
        return u < trainBound ? Split.TRAIN : u < validationBound ? Split.VALIDATION : Split.TEST;
    }

    /** Notes a new example whose row names its split: one named train teaches its group. */
    void named(long groupHash, Split split) {
        if (split == Split.TRAIN) {
            taught.add(groupHash);
        }
    }

    /** The split a cell names (train, training, validation, valid, val, dev, test, testing, eval), if any. */
    static Optional<Split> named(String cell) {
        return switch (cell.trim().toLowerCase(Locale.ROOT)) {
            case "train", "training" -> Optional.of(Split.TRAIN);
            case "validation", "valid", "val", "dev", "development" -> Optional.of(Split.VALIDATION);
            case "test", "testing", "eval", "holdout" -> Optional.of(Split.TEST);
            default -> Optional.empty();
        };
    }

    /** The state of {@link #hash} before any text. */
    static final long EMPTY_HASH = 0xcbf29ce484222325L;
    /** FNV's 64-bit prime, the multiplier of each step. */
    static final long FNV_PRIME = 0x100000001b3L;

    /** 64-bit FNV-1a over the bytes of the UTF-16 code units: stable across machines and JVMs, unlike hashCode. */
    static long hash(String text) {
        long h = EMPTY_HASH;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            h = ((h ^ (c & 0xFF)) * FNV_PRIME ^ (c >>> 8)) * FNV_PRIME;
        }
        return h;
    }

    /** A hash spread evenly over [0, 1): MurmurHash3's 64-bit finaliser, then the top 53 bits. */
    private static double unit(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53;
    }
}
