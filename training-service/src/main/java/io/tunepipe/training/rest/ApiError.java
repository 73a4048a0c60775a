package io.tunepipe.training.rest;

/** The body of every error answer: the HTTP status and a message saying what to change. */
public record ApiError(int status, String message) {
}
