package com.atelier.testkit.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.events.EventType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

/** Checks an event, as JSON, against its type's schema from core's catalogue. */
public final class EventSchemas {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<EventType, JsonSchema> SCHEMAS = load();

    private EventSchemas() {
    }

    /** Fails the test unless the event names a catalogued type and its schema accepts it. */
    public static void assertValid(JsonNode event) {
        String typeName = event.path("type").asText();
        EventType type = EventType.ofWireName(typeName)
                .orElseThrow(() -> new AssertionError("not a catalogued event type: '" + typeName + "' in " + event));
        Set<ValidationMessage> errors = SCHEMAS.get(type).validate(event);
        assertThat(errors).as("%s against %s", event, type.schemaResource()).isEmpty();
    }

    public static void assertValid(String event) {
        try {
            assertValid(JSON.readTree(event));
        } catch (IOException e) {
            throw new AssertionError("an event that is not JSON: " + event, e);
        }
    }

    private static Map<EventType, JsonSchema> load() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        Map<EventType, JsonSchema> schemas = new EnumMap<>(EventType.class);
        for (EventType type : EventType.values()) {
            try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
                if (in == null) {
                    throw new IllegalStateException("no schema " + type.schemaResource() + " on the classpath");
                }
                schemas.put(type, factory.getSchema(JSON.readTree(in), config));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return schemas;
    }
}
