package io.tunepipe.messaging;

import io.tunepipe.contracts.EventMetadata;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Builds test events by reference; a reference that is held cannot be built until it is released. */
@ApplicationScoped
public class HeldPayloads implements PayloadByReference {

    static final String TYPE = "io.tunepipe.test.by-reference";

    private final Set<String> held = ConcurrentHashMap.newKeySet();

    void hold(String reference) {
        held.add(reference);
    }

    void release(String reference) {
        held.remove(reference);
    }

    @Override
    public String eventType() {
        return TYPE;
    }

    @Override
    public byte[] payload(String reference, EventMetadata metadata) {
        if (held.contains(reference)) {
            throw new IllegalStateException("the data behind " + reference + " is not there yet");
        }
        return ("{\"reference\":\"" + reference + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
