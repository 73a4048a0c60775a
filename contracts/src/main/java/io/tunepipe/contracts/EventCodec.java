package io.tunepipe.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** The one JSON codec for events on the wire, and the CloudEvents headers that go with them. */
public final class EventCodec {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private static final Map<Class<?>, String> TYPES = Arrays
            .stream(TunepipeEvent.class.getAnnotation(JsonSubTypes.class).value())
            .collect(Collectors.toUnmodifiableMap(JsonSubTypes.Type::value, JsonSubTypes.Type::name));

    private EventCodec() {
    }

    public static String encode(TunepipeEvent event) {
        try {
            return MAPPER.writerFor(TunepipeEvent.class).writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + event.type() + ": " + e.getMessage(), e);
        }
    }

    /** The event as {@link #encode} writes it, as UTF-8 bytes without a String in between (large events). */
    public static byte[] encodeToBytes(TunepipeEvent event) {
        try {
            return MAPPER.writerFor(TunepipeEvent.class).writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode " + event.type() + ": " + e.getMessage(), e);
        }
    }

    /** Reads any event; rejects malformed JSON, unknown types and schema versions newer than this build. */
    public static TunepipeEvent decode(String json) {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new PoisonEventException("message is not JSON: " + e.getOriginalMessage(), e);
        }
        if (tree == null || !tree.isObject()) {
            throw new PoisonEventException("message is not a JSON object");
        }
        String type = tree.path("type").asText(null);
        if (type == null || !TYPES.containsValue(type)) {
            throw new PoisonEventException("unknown event type '" + type + "'");
        }
        int version = tree.path("metadata").path("schemaVersion").asInt(-1);
        if (version < 1) {
            throw new PoisonEventException(type + " has no schema version in its metadata");
        }
        if (version > TunepipeEvent.SCHEMA_VERSION) {
            throw new PoisonEventException(type + " has schema version " + version
                    + "; this service understands up to version " + TunepipeEvent.SCHEMA_VERSION
                    + ". Upgrade the consuming service.");
        }
        try {
            return MAPPER.treeToValue(tree, TunepipeEvent.class);
        } catch (JsonProcessingException e) {
            throw new PoisonEventException(type + " does not match its schema: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads an event that must be of the given type. */
    public static <T extends TunepipeEvent> T decode(String json, Class<T> expected) {
        TunepipeEvent event = decode(json);
        if (!expected.isInstance(event)) {
            throw new PoisonEventException("expected " + typeOf(expected) + " but got " + event.type());
        }
        return expected.cast(event);
    }

    public static String typeOf(Class<?> eventClass) {
        String type = TYPES.get(eventClass);
        if (type == null) {
            throw new IllegalArgumentException(eventClass.getName() + " is not a registered event type");
        }
        return type;
    }

    /** CloudEvents binary-mode Kafka headers for an event (spec 1.0, {@code ce_} prefix). */
    public static Map<String, String> cloudEventHeaders(TunepipeEvent event) {
        return cloudEventHeaders(event.type(), event.metadata());
    }

    /** CloudEvents binary-mode Kafka headers for an event of {@code type} with the given metadata. */
    public static Map<String, String> cloudEventHeaders(String type, EventMetadata meta) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", meta.id());
        headers.put("ce_source", meta.source());
        headers.put("ce_type", type);
        headers.put("ce_time", DateTimeFormatter.ISO_INSTANT.format(meta.time()));
        if (meta.subject() != null) {
            headers.put("ce_subject", meta.subject());
        }
        headers.put("ce_dataschemaversion", Integer.toString(meta.schemaVersion()));
        headers.put("content-type", "application/json");
        return headers;
    }
}
