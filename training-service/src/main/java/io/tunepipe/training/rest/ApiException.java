package io.tunepipe.training.rest;

/** A request that cannot be served, with the status and message the client gets. */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
