package com.atelier.testkit;

import com.atelier.accounts.ApiKeyRepository;
import com.atelier.testkit.contracts.ApiKeyRepositoryContract;

class InMemoryApiKeyRepositoryTest extends ApiKeyRepositoryContract {

    private final InMemoryApiKeyRepository adapter = new InMemoryApiKeyRepository();

    @Override
    protected ApiKeyRepository repository() {
        return adapter;
    }
}
