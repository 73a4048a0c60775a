package io.tunepipe.ingest.pipeline;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link HashLedger} growing past 20,000 keys: as a set every key stays found, and as a ledger it tells a new key, a
 * duplicate and a conflict apart and gives the line of the answer a conflict contradicts.
 */
class HashLedgerTest {

    @Test
    void aSetOfKeysKeepsEveryKeyThroughItsGrowth() {
        HashLedger set = HashLedger.keysOnly();
        assertThat(set.isEmpty()).isTrue();
        for (long k = 0; k < 20_000; k++) {
            assertThat(set.add(k * 0x9e3779b97f4a7c15L)).isTrue();
        }
        for (long k = 0; k < 20_000; k++) {
            assertThat(set.contains(k * 0x9e3779b97f4a7c15L)).isTrue();
            assertThat(set.add(k * 0x9e3779b97f4a7c15L)).isFalse();
        }
        assertThat(set.contains(20_000 * 0x9e3779b97f4a7c15L)).isFalse();
        assertThat(set.isEmpty()).isFalse();
    }

    @Test
    void aLedgerTellsNewDuplicateAndConflictThroughItsGrowth() {
        HashLedger ledger = HashLedger.withValues();
        for (long k = 1; k <= 20_000; k++) {
            assertThat(ledger.offer(k, k % 7, k + 1)).isEqualTo(HashLedger.Outcome.NEW);
        }
        assertThat(ledger.offer(12_345, 12_345 % 7, 99)).isEqualTo(HashLedger.Outcome.DUPLICATE);
        assertThat(ledger.offer(12_345, 100, 99)).isEqualTo(HashLedger.Outcome.CONFLICT);
        assertThat(ledger.conflictLine()).isEqualTo(12_346);
    }
}
