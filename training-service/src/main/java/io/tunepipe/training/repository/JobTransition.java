package io.tunepipe.training.repository;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.tunepipe.contracts.JobStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One status change of a job, with its time. */
@Entity
@Table(name = "job_transitions")
public class JobTransition extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "job_id", nullable = false)
    public String jobId;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_status")
    public JobStatus fromStatus;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_status", nullable = false)
    public JobStatus toStatus;

    @Column(columnDefinition = "text")
    public String detail;

    @Column(nullable = false)
    public Instant at;
}
