package io.tunepipe.contracts;

/** Why a job failed, in the provider's own code and message where it gave them. */
public record JobError(String code, String message) {
}
