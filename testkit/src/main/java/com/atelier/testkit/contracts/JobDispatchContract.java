package com.atelier.testkit.contracts;

import com.atelier.jobs.JobDispatch;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThatCode;

/** A {@link JobDispatch} takes a job, and the same job again: workers expect repeats. */
public abstract class JobDispatchContract {

    protected abstract JobDispatch dispatch();

    @Test
    void aJobIsHandedOverAndMayBeHandedOverAgain() {
        String jobId = "job_" + UUID.randomUUID().toString().replace("-", "");

        assertThatCode(() -> {
            dispatch().dispatch(jobId);
            dispatch().dispatch(jobId);
        }).doesNotThrowAnyException();
    }
}
