package com.atelier.jobs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JobIdsTest {

    @Test
    void theSameAccountAndKeyAlwaysNameTheSameJob() {
        assertThat(JobIds.forIdempotencyKey("acct_1", "k")).isEqualTo(JobIds.forIdempotencyKey("acct_1", "k"));
    }

    @Test
    void anotherAccountOrKeyNamesAnotherJob() {
        assertThat(JobIds.forIdempotencyKey("acct_1", "k")).isNotEqualTo(JobIds.forIdempotencyKey("acct_2", "k"))
                .isNotEqualTo(JobIds.forIdempotencyKey("acct_1", "k2"));
        // The separator keeps ("a", "bc") and ("ab", "c") apart.
        assertThat(JobIds.forIdempotencyKey("a", "bc")).isNotEqualTo(JobIds.forIdempotencyKey("ab", "c"));
    }

    @Test
    void randomIdsDiffer() {
        assertThat(JobIds.random()).startsWith("job_").isNotEqualTo(JobIds.random());
    }
}
