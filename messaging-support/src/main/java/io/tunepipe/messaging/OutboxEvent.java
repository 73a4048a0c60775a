package io.tunepipe.messaging;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import io.tunepipe.contracts.EventMetadata;

import java.time.Instant;

/** An event written with the state change it announces, waiting for the relay to send it to Kafka. */
@Entity
@Table(name = "outbox_events")
public class OutboxEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "event_id", nullable = false)
    public String eventId;

    @Column(nullable = false)
    public String topic;

    @Column(name = "record_key")
    public String recordKey;

    @Column(name = "event_type", nullable = false)
    public String eventType;

    @Column(nullable = false)
    public String source;

    public String subject;

    @Column(name = "event_time", nullable = false)
    public Instant eventTime;

    @Column(name = "schema_version", nullable = false)
    public int schemaVersion;

    @Column(nullable = false, columnDefinition = "text")
    public String payload;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    /** Failed sends so far; the row is parked when they reach {@code tunepipe.outbox.max-attempts}. */
    @Column(nullable = false)
    public int attempts;

    EventMetadata metadata() {
        return new EventMetadata(eventId, source, eventTime, subject, schemaVersion);
    }
}
