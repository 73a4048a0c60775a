package io.tunepipe.ingest.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.tunepipe.contracts.ColumnMapping;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.IngestRequested;
import io.tunepipe.contracts.Topics;
import io.tunepipe.ingest.repository.Dataset;
import io.tunepipe.ingest.service.IngestService;
import io.tunepipe.messaging.ConsumedEventRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Ingests files named by {@link IngestRequested} commands on Kafka. */
@ApplicationScoped
public class IngestCommandConsumer {

    static final String CONSUMER = "ingest-service";
    private static final Logger LOG = Logger.getLogger(IngestCommandConsumer.class);

    @Inject
    IngestService ingest;
    @Inject
    ConsumedEventRepository consumed;

    /**
     * The command is marked consumed only after the dataset is registered: a crash in between redelivers it, and
     * the content hash then recognises the file, so nothing is ingested twice.
     */
    @Incoming(Topics.INGEST_COMMANDS)
    @Blocking
    public void onCommand(String payload) throws IOException {
        IngestRequested command = EventCodec.decode(payload, IngestRequested.class);
        if (QuarkusTransaction.requiringNew().call(() -> consumed.alreadyConsumed(CONSUMER, command))) {
            return;
        }
        Path file = Path.of(command.path());
        String name = command.name() != null ? command.name() : String.valueOf(file.getFileName());
        ColumnMapping mapping = command.mapping() != null ? command.mapping() : ColumnMapping.detect();
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            ingest.rejectUnopenable(name, Dataset.Source.KAFKA, file, mapping,
                    "The file " + file + " does not exist or this service cannot read it.");
        } else {
            var submission = ingest.submit(name, Dataset.Source.KAFKA, file, mapping, command.force());
            LOG.infof("command %s: %s dataset %s", command.metadata().id(),
                    submission.duplicate() ? "content already ingested as" : "ingesting as", submission.dataset().id);
        }
        QuarkusTransaction.requiringNew().run(() -> consumed.firstDelivery(CONSUMER, command));
    }
}
