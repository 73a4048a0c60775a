package io.tunepipe.contracts;

/** The part of a dataset an example belongs to. */
public enum Split {
    TRAIN, VALIDATION, TEST
}
