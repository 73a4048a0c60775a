package io.tunepipe.rest;

/** A request that cannot be served: resources throw it and {@link ProblemMapper} answers it as a {@link Problem}. */
public class ProblemException extends RuntimeException {

    private final int status;
    private final String title;

    /** A problem titled by its status' reason phrase. */
    public ProblemException(int status, String detail) {
        this(status, Problem.title(status), detail);
    }

    public ProblemException(int status, String title, String detail) {
        super(detail);
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }
}
