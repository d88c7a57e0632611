package com.atelier.functions.jobs;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.atelier.jobs.JobAttribution;
import com.atelier.jobs.JobIds;
import com.atelier.jobs.JobKind;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobSpec;
import com.atelier.jobs.JobStatus;
import com.atelier.jobs.StalledJobReconciler;
import com.atelier.testkit.InMemoryServices;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StalledJobsHandlerTest {

    private final InMemoryServices atelier = new InMemoryServices(Instant.parse("2030-03-10T09:30:00Z"));

    @Test
    void aScheduledEventRunsOnePassAndAnswersWhatItDid() {
        atelier.openAccount("acct-1");
        String paid = JobIds.forIdempotencyKey("acct-1", "paid");
        String unpaid = JobIds.forIdempotencyKey("acct-1", "unpaid");
        for (String jobId : new String[]{paid, unpaid}) {
            atelier.jobs.record(JobRecord.queued(jobId, "acct-1", JobKind.GENERATION, 10, 3, "hash-" + jobId,
                    JobSpec.generation("a red cube", 256, 7), JobAttribution.accountOnly(JobAttribution.DALL_E_2),
                atelier.clock.instant()));
        }
        atelier.credits.charge(atelier.account("acct-1"), paid, 3);
        atelier.clock.advance(StalledJobReconciler.REDISPATCH_AFTER.plusSeconds(1));

        StalledJobReconciler.Pass pass = new StalledJobsHandler(atelier.reconciler).handleRequest(new ScheduledEvent(), null);

        assertThat(pass).isEqualTo(new StalledJobReconciler.Pass(1, 1));
        assertThat(atelier.dispatch.dispatched()).containsExactly(paid);
        assertThat(atelier.jobs.find(unpaid).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    }
}
