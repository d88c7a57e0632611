package com.atelier.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ApiDescriptionTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private final JsonNode description = read();

    @Test
    void isOpenApi31() {
        assertThat(description.path("openapi").asText()).startsWith("3.1.");
    }

    @Test
    void describesEveryRouteOfTheTable() {
        Set<String> missing = new TreeSet<>(routeKeys());
        missing.removeAll(describedOperations());
        assertThat(missing).as("routes of ApiRoutes.ALL that %s does not describe", ApiDescription.RESOURCE).isEmpty();
    }

    @Test
    void describesNoRouteTheTableLacks() {
        Set<String> extra = new TreeSet<>(describedOperations());
        extra.removeAll(routeKeys());
        assertThat(extra).as("operations of %s that ApiRoutes.ALL does not route", ApiDescription.RESOURCE).isEmpty();
    }

    @Test
    void everyReferenceResolvesWithinTheDocument() {
        List<String> references = new ArrayList<>();
        collectReferences(description, references);
        assertThat(references).isNotEmpty();
        assertThat(references).allSatisfy(reference -> {
            assertThat(reference).startsWith("#/");
            assertThat(description.at(reference.substring(1)).isMissingNode()).as("%s resolves", reference).isFalse();
        });
    }

    @Test
    void everyOperationHasAnIdAndAnsweredStatuses() {
        description.path("paths").properties().forEach(path -> path.getValue().properties().stream()
                .filter(operation -> METHODS.contains(operation.getKey()))
                .forEach(operation -> {
                    assertThat(operation.getValue().path("operationId").asText())
                            .as("operationId of %s %s", operation.getKey(), path.getKey()).isNotBlank();
                    assertThat(operation.getValue().path("responses").size())
                            .as("responses of %s %s", operation.getKey(), path.getKey()).isPositive();
                }));
    }

    private static Set<String> routeKeys() {
        return ApiRoutes.ALL.stream().map(Route::routeKey).collect(Collectors.toSet());
    }

    private Set<String> describedOperations() {
        Set<String> operations = new TreeSet<>();
        description.path("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(field -> {
            if (METHODS.contains(field)) {
                operations.add(field.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        return operations;
    }

    private static void collectReferences(JsonNode node, List<String> references) {
        if (node.isObject()) {
            JsonNode reference = node.get("$ref");
            if (reference != null && reference.isTextual()) {
                references.add(reference.asText());
            }
        }
        node.elements().forEachRemaining(child -> collectReferences(child, references));
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(ApiDescription.json());
        } catch (java.io.IOException e) {
            throw new AssertionError(ApiDescription.RESOURCE + " is not JSON", e);
        }
    }
}
