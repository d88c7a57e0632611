package com.atelier.testkit.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ApiConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JOB = """
            {"id":"job_1","object":"job","kind":"generation","status":"queued","created":1790000000,"n":4,
             "size":"256x256","credits":1,"seed":7,"progress":{"completed_steps":0,"total_steps":20}}""";
    private static final String RATE_LIMIT_HEADERS = """
            "x-ratelimit-limit-requests":"50","x-ratelimit-remaining-requests":"49","x-ratelimit-reset-requests":"60s\"""";

    private final ApiConformance conformance = ApiConformance.ofServedDescription();

    @Test
    void aDescribedRequestAnsweredAsDescribedConforms() {
        assertThat(conformance.violations(submit("{\"kind\":\"generation\",\"prompt\":\"a red circle\",\"n\":4}", 202, JOB,
                RATE_LIMIT_HEADERS))).isEmpty();
    }

    @Test
    void anAnswerMissingARequiredFieldIsReportedByName() {
        String withoutStatus = JOB.replace("\"status\":\"queued\",", "");
        assertThat(conformance.violations(submit("{\"kind\":\"generation\",\"prompt\":\"a red circle\"}", 202, withoutStatus,
                RATE_LIMIT_HEADERS))).singleElement().asString().contains("202 answer").contains("status");
    }

    @Test
    void anAnswerWithoutTheRateLimitHeadersIsReported() {
        assertThat(conformance.violations(submit("{\"kind\":\"generation\",\"prompt\":\"a red circle\"}", 202, JOB, "")))
                .anySatisfy(violation -> assertThat(violation).contains("x-ratelimit-limit-requests"));
    }

    @Test
    void aRequestTheDescriptionRefusesMayOnlyBeRefused() {
        String unknownField = "{\"kind\":\"generation\",\"prompt\":\"a red circle\",\"colour\":\"red\"}";
        String error = "{\"error\":{\"message\":\"Unrecognized request argument supplied: colour\","
                + "\"type\":\"invalid_request_error\",\"param\":\"colour\",\"code\":\"invalid_value\"}}";
        assertThat(conformance.violations(submit(unknownField, 400, error, RATE_LIMIT_HEADERS))).isEmpty();
        assertThat(conformance.violations(submit(unknownField, 202, JOB, RATE_LIMIT_HEADERS)))
                .singleElement().asString().contains("refuses").contains("colour");
    }

    @Test
    void anUndescribedStatusOrQueryParameterIsReported() {
        ObjectNode listing = exchange("GET", "/v1/credits/ledger", "limit=500&colour=red", null, 200,
                "{\"object\":\"list\",\"data\":[],\"has_more\":false,\"next_cursor\":null}", "");
        assertThat(conformance.violations(listing)).singleElement().asString()
                .contains("limit").contains("'colour' is not described");
        assertThat(conformance.violations(exchange("GET", "/v1/credits", "", null, 500,
                "{\"message\":\"Internal Server Error\"}", ""))).singleElement().asString().contains("500");
    }

    @Test
    void anUndescribedRouteIsReported() {
        assertThat(conformance.violations(exchange("GET", "/v1/colours", "", null, 200, "{}", "")))
                .containsExactly("the description has no operation GET /v1/colours");
    }

    private static ObjectNode submit(String body, int status, String answer, String headers) {
        return exchange("POST", "/v1/jobs", "", body, status, answer, headers);
    }

    private static ObjectNode exchange(String method, String path, String query, String body, int status, String answer,
                                       String extraHeaders) {
        ObjectNode exchange = JSON.createObjectNode().put("method", method).put("path", path).put("query", query);
        ObjectNode request = exchange.putObject("request").put("contentType", "application/json")
                .put("bytes", body == null ? 0 : body.length());
        if (body != null) {
            request.put("body", body);
        }
        String headers = "{\"content-type\":\"application/json\"" + (extraHeaders.isEmpty() ? "" : "," + extraHeaders) + "}";
        exchange.putObject("response").put("status", status).put("contentType", "application/json").put("body", answer)
                .set("headers", read(headers));
        return exchange;
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (java.io.IOException e) {
            throw new AssertionError(json, e);
        }
    }
}
