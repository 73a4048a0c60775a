package io.tunepipe.ingest.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.EventMetadata;
import io.tunepipe.contracts.Example;
import io.tunepipe.contracts.ExamplesIngested;
import io.tunepipe.contracts.Topics;
import io.tunepipe.ingest.repository.IngestedExampleRepository;
import io.tunepipe.messaging.Outbox;
import io.tunepipe.messaging.PayloadByReference;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The examples-ingested events: each waits in the outbox as a range of stored examples, and its JSON is built when
 * the relay sends it, so an ingest writes every example once instead of also as outbox text. The relay of the
 * instance that wrote a batch usually finds it still held in memory and encodes it from there; any other relay
 * (another instance, a restart, a batch pushed out of memory by newer ones) reads the range back.
 */
@ApplicationScoped
public class ExampleBatchEvents implements PayloadByReference {

    /** Where a batch's examples are: {@code size} examples of a dataset numbered from {@code firstOrdinal}. */
    record Reference(String datasetId, int batchIndex, long firstOrdinal, int size) {
    }

    /**
     * Batches held until the relay sends them: a few ingest chunks' worth ({@code DatasetWrites} commits 8 batches
     * at a time), about 250 KB each; the oldest give way to newer ones and are read back instead.
     */
    private static final int HELD_BATCHES = 32;

    /** Batches by {@link #key}, oldest first. */
    private final Map<String, List<Example>> held = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, List<Example>> eldest) {
            return size() > HELD_BATCHES;
        }
    };

    @Inject
    Outbox outbox;
    @Inject
    IngestedExampleRepository examples;
    @Inject
    ObjectMapper json;

    /**
     * Publishes batch {@code batchIndex} of a dataset, whose examples were stored from {@code firstOrdinal} on in
     * this transaction, and holds them for the relay.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String source, String datasetId, int batchIndex, long firstOrdinal, List<Example> batch) {
        EventMetadata meta = EventMetadata.deterministic(source, datasetId, datasetId + "/examples/" + batchIndex);
        try {
            outbox.publishByReference(Topics.EXAMPLES_INGESTED, key(datasetId, batchIndex), ExamplesIngested.TYPE,
                    meta, json.writeValueAsString(new Reference(datasetId, batchIndex, firstOrdinal, batch.size())));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        synchronized (held) {
            held.put(key(datasetId, batchIndex), batch);
        }
    }

    /** Withdraws the dataset's batches not sent yet: the outbox rows and what is held of them. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void withdraw(String datasetId) {
        outbox.withdraw(Topics.EXAMPLES_INGESTED, key(datasetId, ""));
        synchronized (held) {
            for (Iterator<String> keys = held.keySet().iterator(); keys.hasNext(); ) {
                if (keys.next().startsWith(key(datasetId, ""))) {
                    keys.remove();
                }
            }
        }
    }

    /** The record key of a batch's event, which also names it among the held batches. */
    private static String key(String datasetId, Object batchIndex) {
        return datasetId + "/" + batchIndex;
    }

    @Override
    public String eventType() {
        return ExamplesIngested.TYPE;
    }

    @Override
    public byte[] payload(String reference, EventMetadata metadata) {
        Reference ref;
        try {
            ref = json.readValue(reference, Reference.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable reference to an examples batch: " + reference, e);
        }
        List<Example> batch;
        synchronized (held) {
            batch = held.remove(key(ref.datasetId(), ref.batchIndex()));
        }
        if (batch == null) {
            batch = examples.range(ref.datasetId(), ref.firstOrdinal(), ref.size());
        }
        if (batch.size() != ref.size()) {
            throw new IllegalStateException("batch " + ref.batchIndex() + " of " + ref.datasetId() + " should hold "
                    + ref.size() + " stored examples but " + batch.size() + " are there");
        }
        return EventCodec.encodeToBytes(new ExamplesIngested(metadata, ref.datasetId(), ref.batchIndex(), batch));
    }
}
