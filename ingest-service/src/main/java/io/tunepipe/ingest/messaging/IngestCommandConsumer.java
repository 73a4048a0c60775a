package io.tunepipe.ingest.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.tunepipe.contracts.ColumnMapping;
import io.tunepipe.contracts.EventCodec;
import io.tunepipe.contracts.IngestRequested;
import io.tunepipe.contracts.PoisonEventException;
import io.tunepipe.contracts.Topics;
import io.tunepipe.ingest.config.IngestConfig;
import io.tunepipe.ingest.repository.Dataset;
import io.tunepipe.ingest.service.IngestService;
import io.tunepipe.messaging.ConsumedEventRepository;
import io.tunepipe.messaging.TransientRetry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Ingests files named by {@link IngestRequested} commands on Kafka, from the configured inbox folder only. */
@ApplicationScoped
public class IngestCommandConsumer {

    static final String CONSUMER = "ingest-service";
    private static final Logger LOG = Logger.getLogger(IngestCommandConsumer.class);

    @Inject
    IngestService ingest;
    @Inject
    ConsumedEventRepository consumed;
    @Inject
    IngestConfig config;

    /**
     * The command is marked consumed only after the dataset is registered: a crash in between redelivers it, and
     * the content hash then recognises the file, so nothing is ingested twice.
     */
    @Incoming(Topics.INGEST_COMMANDS)
    @Blocking
    @TransientRetry
    public void onCommand(String payload, IncomingKafkaRecordMetadata<String, String> record) throws IOException {
        IngestRequested command = EventCodec.decode(payload, IngestRequested.class);
        if (QuarkusTransaction.requiringNew().call(() -> consumed.alreadyConsumed(CONSUMER, command))) {
            return;
        }
        Path file = insideInbox(command.path());
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

    /**
     * The named file, resolved against the inbox, when it lies inside the inbox once links are followed; anything
     * else is a poison command, so that Kafka cannot hand this service a file from elsewhere on the host.
     */
    private Path insideInbox(String path) throws IOException {
        Path inbox = config.dataDir().resolve(config.inboxDir()).toAbsolutePath().normalize();
        Files.createDirectories(inbox);
        Path file = inbox.resolve(path).normalize();
        boolean inside = file.startsWith(inbox)
                && (!Files.exists(file) || file.toRealPath().startsWith(inbox.toRealPath()));
        if (!inside) {
            throw new PoisonEventException("The command names " + path + ", which is outside the inbox folder "
                    + inbox + " (tunepipe.ingest.inbox-dir).");
        }
        return file;
    }
}
