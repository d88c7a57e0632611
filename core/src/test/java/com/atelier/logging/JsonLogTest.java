package com.atelier.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JsonLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant TIME = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void aLineIsOneJsonObjectWithTimeLevelEventAndTheFields() throws Exception {
        String line = JsonLog.line(TIME, "INFO", "job_started",
                JsonLog.fields().put("jobId", "job-1").put("attempt", 2).put("prompt", "a \"quoted\"\nline"), null);

        assertThat(line).doesNotContain("\n");
        JsonNode parsed = JSON.readTree(line);
        assertThat(parsed.get("time").asText()).isEqualTo("2026-03-01T12:00:00Z");
        assertThat(parsed.get("level").asText()).isEqualTo("INFO");
        assertThat(parsed.get("event").asText()).isEqualTo("job_started");
        assertThat(parsed.get("jobId").asText()).isEqualTo("job-1");
        assertThat(parsed.get("attempt").asInt()).isEqualTo(2);
        assertThat(parsed.get("prompt").asText()).isEqualTo("a \"quoted\"\nline");
        assertThat(parsed.has("stackTrace")).isFalse();
    }

    @Test
    void anErrorLineCarriesTheExceptionAndItsWholeStackTraceWithCauses() throws Exception {
        Exception error = new IllegalStateException("the model failed on job job-1",
                new java.io.IOException("disk gone"));

        JsonNode parsed = JSON.readTree(JsonLog.line(TIME, "ERROR", "job_attempt_failed",
                JsonLog.fields().put("jobId", "job-1"), error));

        assertThat(parsed.get("level").asText()).isEqualTo("ERROR");
        assertThat(parsed.get("jobId").asText()).isEqualTo("job-1");
        assertThat(parsed.get("error").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(parsed.get("message").asText()).isEqualTo("the model failed on job job-1");
        assertThat(parsed.get("stackTrace").asText())
                .startsWith("java.lang.IllegalStateException: the model failed on job job-1")
                .contains("at com.atelier.logging.JsonLogTest.anErrorLineCarriesTheExceptionAndItsWholeStackTraceWithCauses")
                .contains("Caused by: java.io.IOException: disk gone");
    }

    @Test
    void keysAppendedForARequestGoOnEveryLineUntilCleared() throws Exception {
        try {
            JsonLog.appendKey("accountId", "acct-1");
            JsonNode during = JSON.readTree(JsonLog.line(TIME, "INFO", "request", JsonLog.fields().put("status", 200), null));
            assertThat(during.get("accountId").asText()).isEqualTo("acct-1");
        } finally {
            JsonLog.clearKeys();
        }

        JsonNode after = JSON.readTree(JsonLog.line(TIME, "INFO", "request", JsonLog.fields(), null));
        assertThat(after.has("accountId")).isFalse();
    }

    @Test
    void eachEventIsWrittenAsOneLineOnStandardOutput() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JsonLog.warn("queue_receive_failed", JsonLog.fields().put("message", "timed out"));
            JsonLog.error("worker_stop_failed", JsonLog.fields(), new RuntimeException("stuck"));
        } finally {
            System.setOut(original);
        }

        String[] lines = captured.toString(StandardCharsets.UTF_8).split("\\R");
        assertThat(lines).hasSize(2);
        assertThat(JSON.readTree(lines[0]).get("event").asText()).isEqualTo("queue_receive_failed");
        assertThat(JSON.readTree(lines[1]).get("stackTrace").asText()).contains("java.lang.RuntimeException: stuck");
    }
}
