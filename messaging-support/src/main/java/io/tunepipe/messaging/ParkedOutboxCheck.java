package io.tunepipe.messaging;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * The outbox rows the relay parked, as data of the readiness check {@value #NAME}: their count and the oldest few
 * with their reason, which the console's ops page shows. Always up: a parked row needs an operator, not a restart.
 */
@Readiness
@ApplicationScoped
public class ParkedOutboxCheck implements HealthCheck {

    public static final String NAME = "outbox";
    /** The data key of the count; each listed row's key is this, a dot and the row's id. */
    public static final String PARKED = "parked";
    private static final int LISTED = 10;

    @Inject
    OutboxRepository rows;

    @Override
    public HealthCheckResponse call() {
        return QuarkusTransaction.requiringNew().call(() -> {
            HealthCheckResponseBuilder check = HealthCheckResponse.named(NAME).up()
                    .withData(PARKED, rows.parkedCount());
            for (OutboxRepository.Parked p : rows.parked(LISTED)) {
                check.withData(PARKED + "." + p.id(), p.eventType() + " to " + p.topic() + " (key " + p.key()
                        + "), parked " + p.parkedAt() + " after " + p.attempts() + " failed sends: " + p.reason());
            }
            return check.build();
        });
    }
}
