package io.tunepipe.localstack;

import io.tunepipe.contracts.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a secured broker needs before tunepipe runs on it, done by its admin: every client user signed up, the ACLs of
 * {@link KafkaAccess} granted and every topic created. Run on each start; doing it again changes nothing.
 */
public final class KafkaSetup {

    private KafkaSetup() {
    }

    /**
     * Signs {@code users}' clients up (their passwords as given), grants {@link KafkaAccess} and creates the topics.
     */
    public static void apply(Admin admin, KafkaUsers users) throws InterruptedException, ExecutionException {
        List<UserScramCredentialAlteration> signUps = KafkaUsers.CLIENTS.stream()
                .<UserScramCredentialAlteration>map(u -> new UserScramCredentialUpsertion(u,
                        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), users.password(u)))
                .toList();
        admin.alterUserScramCredentials(signUps).all().get();
        admin.createAcls(KafkaAccess.bindings()).all().get();
        createTopics(admin, Topics.ALL);
    }

    /** Creates the given topics with their partition counts; topics that exist are left as they are. */
    public static void createTopics(Admin admin, List<Topics.Spec> topics)
            throws InterruptedException, ExecutionException {
        List<NewTopic> newTopics = topics.stream().map(t -> new NewTopic(t.name(), t.partitions(), (short) 1)).toList();
        for (var result : admin.createTopics(newTopics).values().values()) {
            try {
                result.get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            } catch (TimeoutException e) {
                throw new IllegalStateException("topic creation timed out", e);
            }
        }
    }
}
