package com.atelier.testkit.api;

import com.atelier.api.ApiDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks one exchange on the API (as the local gateway's exchange log records it) against the OpenAPI
 * 3.1 description in core ({@link ApiDescription}), with networknt's JSON Schema validator in the
 * OpenAPI 3.1 dialect (draft 2020-12 plus OpenAPI's keywords).
 *
 * <p>What it holds the API to: the route is described; a request the description accepts (its JSON
 * body and query parameters) is answered with a described status; a request the description refuses
 * (the suites send many on purpose) is answered with a described 4xx, never accepted; every answer's
 * content type, JSON body and required headers match the description of its status.
 */
public final class ApiConformance {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode description;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.metaSchema(OpenApi31.getInstance()).defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
    private final SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
    private final Map<JsonNode, JsonSchema> schemas = new IdentityHashMap<>();

    private ApiConformance(JsonNode description) {
        this.description = description;
    }

    /** Against the description the API serves. */
    public static ApiConformance ofServedDescription() {
        return new ApiConformance(read(ApiDescription.json()));
    }

    /** Every way the exchange departs from the description; empty when it conforms. */
    public synchronized List<String> violations(JsonNode exchange) {
        String method = exchange.path("method").asText();
        String path = exchange.path("path").asText();
        JsonNode operation = operation(method, path);
        if (operation.isMissingNode()) {
            return List.of("the description has no operation " + method + " " + path);
        }
        List<String> violations = new ArrayList<>();
        List<String> refusals = requestRefusals(exchange, path, operation);
        JsonNode response = exchange.path("response");
        int status = response.path("status").asInt();
        JsonNode described = resolved(operation.path("responses").path(Integer.toString(status)));
        if (described.isMissingNode()) {
            violations.add("answered " + status + ", a status the description does not list for this operation");
        } else {
            if (!refusals.isEmpty() && (status < 400 || status > 499)) {
                violations.add("answered " + status + " to a request the description refuses: " + refusals);
            }
            violations.addAll(responseViolations(status, response, described));
        }
        return violations;
    }

    private List<String> requestRefusals(JsonNode exchange, String path, JsonNode operation) {
        List<String> refusals = new ArrayList<>();
        JsonNode request = exchange.path("request");
        JsonNode jsonBody = resolved(operation.path("requestBody")).path("content").path("application/json");
        if (!jsonBody.isMissingNode() && request.has("body")) {
            try {
                JsonNode body = JSON.readTree(request.path("body").asText());
                schemaErrors(jsonBody.path("schema"), body).forEach(error -> refusals.add("body: " + error));
            } catch (IOException e) {
                refusals.add("body is not JSON");
            }
        } else if (!jsonBody.isMissingNode() && resolved(operation.path("requestBody")).path("required").asBoolean()
                && request.path("bytes").asLong() == 0) {
            refusals.add("no body, where one is required");
        }
        Map<String, JsonNode> queryParameters = parameters(path, operation, "query");
        Map<String, List<String>> sent = query(exchange.path("query").asText(""));
        sent.forEach((name, values) -> {
            JsonNode parameter = queryParameters.get(name);
            if (parameter == null) {
                refusals.add("query parameter '" + name + "' is not described");
            } else {
                schemaErrors(parameter.path("schema"), queryValue(parameter.path("schema"), values))
                        .forEach(error -> refusals.add("query parameter '" + name + "': " + error));
            }
        });
        queryParameters.forEach((name, parameter) -> {
            if (parameter.path("required").asBoolean() && !sent.containsKey(name)) {
                refusals.add("required query parameter '" + name + "' is missing");
            }
        });
        return refusals;
    }

    private List<String> responseViolations(int status, JsonNode response, JsonNode described) {
        List<String> violations = new ArrayList<>();
        JsonNode headers = response.path("headers");
        described.path("headers").properties().forEach(header -> {
            JsonNode headerDescription = resolved(header.getValue());
            JsonNode value = headers.get(header.getKey().toLowerCase(Locale.ROOT));
            if (value == null) {
                if (headerDescription.path("required").asBoolean()) {
                    violations.add(status + " answer lacks the header " + header.getKey());
                }
            } else {
                schemaErrors(headerDescription.path("schema"), value).forEach(error ->
                        violations.add(status + " answer's header " + header.getKey() + ": " + error));
            }
        });
        JsonNode content = described.path("content");
        if (content.isEmpty()) {
            return violations;
        }
        String contentType = response.path("contentType").asText("");
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        JsonNode media = content.path(mediaType);
        if (media.isMissingNode()) {
            violations.add(status + " answer's content type '" + contentType + "' is not one of " + fieldNames(content));
            return violations;
        }
        if (mediaType.equals("application/json")) {
            try {
                JsonNode body = JSON.readTree(response.path("body").asText(""));
                if (body == null || body.isMissingNode()) {
                    violations.add(status + " answer has no JSON body");
                } else {
                    schemaErrors(media.path("schema"), body).forEach(error -> violations.add(status + " answer: " + error));
                }
            } catch (IOException e) {
                violations.add(status + " answer's body is not JSON");
            }
        }
        return violations;
    }

    private JsonNode operation(String method, String pathTemplate) {
        return description.path("paths").path(pathTemplate).path(method.toLowerCase(Locale.ROOT));
    }

    /** The operation's parameters of one kind, with those of its path, by name. */
    private Map<String, JsonNode> parameters(String path, JsonNode operation, String in) {
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        List<JsonNode> all = new ArrayList<>();
        description.path("paths").path(path).path("parameters").forEach(all::add);
        operation.path("parameters").forEach(all::add);
        for (JsonNode parameter : all) {
            JsonNode resolved = resolved(parameter);
            if (resolved.path("in").asText().equals(in)) {
                parameters.put(resolved.path("name").asText(), resolved);
            }
        }
        return parameters;
    }

    /**
     * A query parameter's values as the JSON its schema speaks of: for an array schema every value
     * given (OpenAPI's default form style repeats the name), else the first, as a number for numeric
     * schemas and as text otherwise.
     */
    private JsonNode queryValue(JsonNode schema, List<String> values) {
        JsonNode target = resolved(schema);
        if (target.path("type").asText().equals("array")) {
            ArrayNode array = JSON.createArrayNode();
            values.forEach(value -> array.add(queryValue(target.path("items"), value)));
            return array;
        }
        return queryValue(target, values.get(0));
    }

    private JsonNode queryValue(JsonNode schema, String value) {
        String type = resolved(schema).path("type").asText();
        if (type.equals("integer") || type.equals("number")) {
            try {
                return JSON.readTree(value);
            } catch (IOException e) {
                return TextNode.valueOf(value);
            }
        }
        return TextNode.valueOf(value);
    }

    private List<String> schemaErrors(JsonNode schema, JsonNode value) {
        if (schema.isMissingNode()) {
            return List.of();
        }
        return schemaOf(schema).validate(value).stream().map(ValidationMessage::getMessage).toList();
    }

    /**
     * The schema with the description's components beside it, so that its {@code #/components/…}
     * references resolve within one document: {@code components} is no JSON Schema keyword.
     */
    private JsonSchema schemaOf(JsonNode schema) {
        return schemas.computeIfAbsent(schema, node -> {
            ObjectNode standalone = node.deepCopy();
            standalone.set("components", description.path("components"));
            return factory.getSchema(standalone, config);
        });
    }

    /** Follows a {@code $ref} to its target within the description. */
    private JsonNode resolved(JsonNode node) {
        JsonNode reference = node.path("$ref");
        return reference.isTextual() ? resolved(description.at(reference.asText().substring(1))) : node;
    }

    private static Map<String, List<String>> query(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.computeIfAbsent(name, any -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(ApiDescription.RESOURCE + " is not JSON", e);
        }
    }
}
