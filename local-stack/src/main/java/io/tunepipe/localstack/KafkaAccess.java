package io.tunepipe.localstack;

import io.tunepipe.contracts.Topics;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What each Kafka user may do, and nothing more: a service reads the topics it consumes in its own consumer group,
 * writes the topics it produces and its own dead-letter topics ({@code <service>.*}); the console and the CLI read
 * every topic and describe every group (for lag), in groups of their own prefix; only the CLI (and admin) may send
 * commands, and the CLI may send a dead letter back to the topic it came from (any topic a service consumes).
 */
public final class KafkaAccess {

    private record Grant(List<String> reads, List<String> writes) {
    }

    private static final Map<String, Grant> SERVICES = Map.of(
            "ingest-service", new Grant(List.of(Topics.INGEST_COMMANDS),
                    List.of(Topics.EXAMPLES_INGESTED, Topics.DATASETS_INGESTED)),
            "augment-service", new Grant(List.of(Topics.EXAMPLES_INGESTED, Topics.DATASETS_INGESTED),
                    List.of(Topics.EXAMPLES_AUGMENTED, Topics.DATASETS_AUGMENTED)),
            "training-service", new Grant(List.of(Topics.EXAMPLES_INGESTED, Topics.DATASETS_INGESTED,
                    Topics.EXAMPLES_AUGMENTED, Topics.DATASETS_AUGMENTED, Topics.TRAINING_COMMANDS),
                    List.of(Topics.TRAINING_JOB_STATUSES)),
            "eval-service", new Grant(List.of(Topics.EXAMPLES_INGESTED, Topics.DATASETS_INGESTED,
                    Topics.TRAINING_JOB_STATUSES), List.of(Topics.EVALUATIONS_COMPLETED)));
    /** The consumer group prefixes of the console's live feed and the CLI's followers. */
    private static final Map<String, String> MONITOR_GROUPS = Map.of(
            KafkaUsers.CONSOLE, "tunepipe-console-", KafkaUsers.CLI, "tunepipe-cli-");

    private KafkaAccess() {
    }

    /** Every ACL of the local broker. */
    public static List<AclBinding> bindings() {
        List<AclBinding> acls = new ArrayList<>();
        SERVICES.forEach((service, grant) -> {
            grant.reads().forEach(t -> acls.add(allow(service, ResourceType.TOPIC, t, PatternType.LITERAL,
                    AclOperation.READ)));
            grant.writes().forEach(t -> acls.add(allow(service, ResourceType.TOPIC, t, PatternType.LITERAL,
                    AclOperation.WRITE)));
            acls.add(allow(service, ResourceType.GROUP, service, PatternType.LITERAL, AclOperation.READ));
            for (AclOperation op : List.of(AclOperation.CREATE, AclOperation.WRITE, AclOperation.DESCRIBE)) {
                acls.add(allow(service, ResourceType.TOPIC, service + ".", PatternType.PREFIXED, op));
            }
        });
        MONITOR_GROUPS.forEach((user, prefix) -> {
            acls.add(allow(user, ResourceType.TOPIC, ResourcePattern.WILDCARD_RESOURCE, PatternType.LITERAL,
                    AclOperation.READ));
            acls.add(allow(user, ResourceType.GROUP, ResourcePattern.WILDCARD_RESOURCE, PatternType.LITERAL,
                    AclOperation.DESCRIBE));
            acls.add(allow(user, ResourceType.GROUP, prefix, PatternType.PREFIXED, AclOperation.READ));
        });
        // commands, and (tunepipe dlq replay) dead letters sent back to the topic a service consumed them from
        Set<String> cliWrites = new TreeSet<>(List.of(Topics.INGEST_COMMANDS, Topics.TRAINING_COMMANDS));
        SERVICES.values().forEach(grant -> cliWrites.addAll(grant.reads()));
        for (String topic : cliWrites) {
            acls.add(allow(KafkaUsers.CLI, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
        }
        return acls;
    }

    private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern,
            AclOperation operation) {
        return new AclBinding(new ResourcePattern(type, name, pattern),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }
}
