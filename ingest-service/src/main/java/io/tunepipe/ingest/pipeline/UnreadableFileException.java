package io.tunepipe.ingest.pipeline;

/** A file that cannot be read as question/answer CSV at all; the message says why in a user's words. */
public final class UnreadableFileException extends Exception {

    public UnreadableFileException(String message) {
        super(message);
    }
}
