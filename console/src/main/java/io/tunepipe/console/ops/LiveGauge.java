package io.tunepipe.console.ops;

import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One multi-gauge whose rows are updated in place: re-registering rows (overwrite) removes each meter before adding
 * it again, and a scrape in between found the row missing.
 */
final class LiveGauge {

    private final MultiGauge gauge;
    private final Map<Tags, AtomicLong> values = new HashMap<>();

    LiveGauge(MultiGauge gauge) {
        this.gauge = gauge;
    }

    /** The rows now: a row not given is removed, a new one added, the others keep their meter and change value. */
    synchronized void set(Map<Tags, Long> rows) {
        values.keySet().retainAll(rows.keySet());
        rows.forEach((tags, value) -> values.computeIfAbsent(tags, t -> new AtomicLong()).set(value));
        gauge.register(values.entrySet().stream().<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(e.getKey(),
                e.getValue())).toList(), false);
    }
}
