package com.atelier.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class JobMessageTest {

    @Test
    void theBodyIsTheJobIdAsJson() {
        assertThat(new JobMessage("job_01HX").body()).isEqualTo("{\"jobId\":\"job_01HX\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"job_01HX", "with \"quotes\" and \\ and \n", "ünïcode ✓"})
    void aBodyReadsBackAsTheSameMessage(String jobId) {
        JobMessage message = new JobMessage(jobId);
        assertThat(JobMessage.parse(message.body())).isEqualTo(message);
    }

    @Test
    void fieldsBesideTheJobIdAreIgnored() {
        assertThat(JobMessage.parse("{\"jobId\":\"job-1\",\"sentBy\":\"api\"}")).isEqualTo(new JobMessage("job-1"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "job-1", "{", "{\"jobId\":\"job-1\"} trailing", "[\"job-1\"]", "\"job-1\"", "null",
            "{}", "{\"id\":\"job-1\"}", "{\"jobId\":\"\"}", "{\"jobId\":\"  \"}", "{\"jobId\":null}", "{\"jobId\":42}",
            "{\"jobId\":{\"id\":\"job-1\"}}"})
    void aMalformedBodyIsRefusedWithAClearError(String body) {
        assertThatThrownBy(() -> JobMessage.parse(body))
                .isInstanceOf(JobMessage.MalformedException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("a malformed job message");
    }

    @Test
    void aMessageNeedsAJobId() {
        assertThatThrownBy(() -> new JobMessage(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JobMessage(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
