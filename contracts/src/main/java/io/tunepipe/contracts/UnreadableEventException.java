package io.tunepipe.contracts;

/** A message that cannot become a {@link TunepipeEvent}: not JSON, unknown type, or a newer schema. */
public class UnreadableEventException extends RuntimeException {

    public UnreadableEventException(String message) {
        super(message);
    }

    public UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
