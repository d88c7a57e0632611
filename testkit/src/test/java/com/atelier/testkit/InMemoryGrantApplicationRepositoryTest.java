package com.atelier.testkit;

import com.atelier.grants.GrantApplicationRepository;
import com.atelier.testkit.contracts.GrantApplicationRepositoryContract;

class InMemoryGrantApplicationRepositoryTest extends GrantApplicationRepositoryContract {

    private final InMemoryGrantApplicationRepository adapter = new InMemoryGrantApplicationRepository();

    @Override
    protected GrantApplicationRepository repository() {
        return adapter;
    }
}
