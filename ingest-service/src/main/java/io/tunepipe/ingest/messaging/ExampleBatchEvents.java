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

import java.util.List;

/**
 * The examples-ingested events: each waits in the outbox as a range of stored examples, and its JSON is built from
 * them when the relay sends it, so an ingest writes every example once instead of also as outbox text.
 */
@ApplicationScoped
public class ExampleBatchEvents implements PayloadByReference {

    /** Where a batch's examples are: {@code size} examples of a dataset numbered from {@code firstOrdinal}. */
    record Reference(String datasetId, int batchIndex, long firstOrdinal, int size) {
    }

    @Inject
    Outbox outbox;
    @Inject
    IngestedExampleRepository examples;
    @Inject
    ObjectMapper json;

    /** Publishes batch {@code batchIndex} of a dataset, whose examples were stored from {@code firstOrdinal} on. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void publish(String source, String datasetId, int batchIndex, long firstOrdinal, int size) {
        EventMetadata meta = EventMetadata.deterministic(source, datasetId, datasetId + "/examples/" + batchIndex);
        try {
            outbox.publishByReference(Topics.EXAMPLES_INGESTED, datasetId + "/" + batchIndex, ExamplesIngested.TYPE,
                    meta, json.writeValueAsString(new Reference(datasetId, batchIndex, firstOrdinal, size)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
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
        List<Example> batch = examples.range(ref.datasetId(), ref.firstOrdinal(), ref.size());
        if (batch.size() != ref.size()) {
            throw new IllegalStateException("batch " + ref.batchIndex() + " of " + ref.datasetId() + " should hold "
                    + ref.size() + " stored examples but " + batch.size() + " are there");
        }
        return EventCodec.encodeToBytes(new ExamplesIngested(metadata, ref.datasetId(), ref.batchIndex(), batch));
    }
}
