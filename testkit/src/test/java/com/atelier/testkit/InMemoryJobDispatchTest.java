package com.atelier.testkit;

import com.atelier.jobs.JobDispatch;
import com.atelier.testkit.contracts.JobDispatchContract;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryJobDispatchTest extends JobDispatchContract {

    private final InMemoryJobDispatch adapter = new InMemoryJobDispatch();

    @Override
    protected JobDispatch dispatch() {
        return adapter;
    }

    @Test
    void recordsEveryHandOverInOrder() {
        adapter.dispatch("job_a");
        adapter.dispatch("job_b");
        adapter.dispatch("job_a");

        assertThat(adapter.dispatched()).containsExactly("job_a", "job_b", "job_a");
        assertThat(adapter.timesDispatched("job_a")).isEqualTo(2);
    }

    @Test
    void aQueueThatIsDownRefusesAndRecordsNothing() {
        adapter.unavailable(true);

        assertThatThrownBy(() -> adapter.dispatch("job_a")).isInstanceOf(JobDispatch.DispatchUnavailableException.class);
        assertThat(adapter.dispatched()).isEmpty();

        adapter.unavailable(false);
        adapter.dispatch("job_a");
        assertThat(adapter.dispatched()).containsExactly("job_a");
    }
}
