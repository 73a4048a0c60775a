package io.tunepipe.contracts;

/**
 * A message no consumer can act on, however often it is tried: not JSON, an unknown type, a newer schema, or values
 * no producer of ours sends (a batch index out of range, a path outside the inbox). It goes to the dead-letter topic.
 */
public class PoisonEventException extends RuntimeException {

    public PoisonEventException(String message) {
        super(message);
    }

    public PoisonEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
