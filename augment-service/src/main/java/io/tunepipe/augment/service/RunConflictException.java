package io.tunepipe.augment.service;

/** A run cannot be started now: another instance is working on it. */
public class RunConflictException extends RuntimeException {

    public RunConflictException(String message) {
        super(message);
    }
}
