package com.atelier.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EmbeddedMetricsTest {

    @Test
    void writesALineCloudWatchReadsAsMetrics() throws Exception {
        String line = EmbeddedMetrics.of("Function", "images")
                .put("CreditsSpent", 2, EmbeddedMetrics.Unit.COUNT)
                .put("JobLatency", 1234, EmbeddedMetrics.Unit.MILLISECONDS)
                .property("jobId", "job_1")
                .line(Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC));
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(line).doesNotContain("\n");
        assertThat(json.at("/_aws/Timestamp").asLong()).isEqualTo(1_700_000_000_000L);
        JsonNode directive = json.at("/_aws/CloudWatchMetrics/0");
        assertThat(directive.get("Namespace").asText()).isEqualTo("Atelier");
        assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("Function");
        assertThat(directive.at("/Metrics/0/Name").asText()).isEqualTo("CreditsSpent");
        assertThat(directive.at("/Metrics/1/Unit").asText()).isEqualTo("Milliseconds");
        assertThat(json.get("Function").asText()).isEqualTo("images");
        assertThat(json.get("CreditsSpent").asDouble()).isEqualTo(2);
        assertThat(json.get("JobLatency").asDouble()).isEqualTo(1234);
        assertThat(json.get("jobId").asText()).isEqualTo("job_1");
    }
}
