package com.atelier.testkit;

import com.atelier.jobs.JobDispatch;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The workers' queue as a list of the job ids handed over; it can be told to refuse, as a queue that is down. */
public final class InMemoryJobDispatch implements JobDispatch {

    private final List<String> dispatched = new CopyOnWriteArrayList<>();
    private volatile boolean unavailable;

    @Override
    public void dispatch(String jobId) {
        if (unavailable) {
            throw new DispatchUnavailableException(jobId, new IllegalStateException("the in-memory queue is down"));
        }
        dispatched.add(jobId);
    }

    /** From now on every dispatch fails (true) or succeeds (false). */
    public void unavailable(boolean down) {
        unavailable = down;
    }

    /** Every job id handed over, in order, repeats included. */
    public List<String> dispatched() {
        return List.copyOf(dispatched);
    }

    public long timesDispatched(String jobId) {
        return dispatched.stream().filter(jobId::equals).count();
    }
}
