package io.tunepipe.cli;

import java.util.concurrent.CountDownLatch;

/** Stands in for a service started by hand: a JVM that runs until it is stopped. */
public final class IdleService {

    private IdleService() {
    }

    public static void main(String[] args) throws InterruptedException {
        new CountDownLatch(1).await();
    }
}
