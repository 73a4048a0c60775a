package io.tunepipe.eval.service;

/** An evaluation that cannot run; the message is the reason a person reads. */
public class EvaluationFailure extends RuntimeException {

    public EvaluationFailure(String reason) {
        super(reason);
    }
}
