package com.atelier.testkit;

import com.atelier.jobs.JobRepository;
import com.atelier.testkit.contracts.JobRepositoryContract;

class InMemoryJobRepositoryTest extends JobRepositoryContract {

    private final InMemoryJobRepository adapter = new InMemoryJobRepository();

    @Override
    protected JobRepository repository() {
        return adapter;
    }
}
