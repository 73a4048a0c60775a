package io.tunepipe.ingest.pipeline;

import io.tunepipe.contracts.Split;

import java.util.Locale;
import java.util.Optional;

/**
 * Puts a group in train, validation or test by a hash of its key, so the same file splits the same way on any
 * machine and every wording of one question lands in one split; a split named in the file wins.
 */
final class GroupSplitter {

    private final double trainBound;
    private final double validationBound;

    GroupSplitter(IngestSettings settings) {
        double total = settings.trainRatio() + settings.validationRatio() + settings.testRatio();
        this.trainBound = settings.trainRatio() / total;
        this.validationBound = (settings.trainRatio() + settings.validationRatio()) / total;
    }

    Split split(long groupHash) {
        double u = (mix(groupHash) >>> 11) * 0x1.0p-53;
        return u < trainBound ? Split.TRAIN : u < validationBound ? Split.VALIDATION : Split.TEST;
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

    /** 64-bit FNV-1a over the UTF-16 code units: stable across machines and JVMs, unlike String.hashCode. */
    static long hash(String text) {
        long h = EMPTY_HASH;
        for (int i = 0; i < text.length(); i++) {
            h = hash(h, text.charAt(i));
        }
        return h;
    }

    /** {@link #hash} of a text followed by {@code c}, given the hash {@code h} of the text. */
    static long hash(long h, char c) {
        h ^= c & 0xFF;
        h *= FNV_PRIME;
        h ^= c >>> 8;
        return h * FNV_PRIME;
    }

    private static long mix(long h) {
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
