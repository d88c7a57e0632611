package com.atelier.local.contracts;

import com.atelier.accounts.ApiKeyRepository;
import com.atelier.aws.accounts.DynamoDbApiKeyRepository;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.testkit.contracts.ApiKeyRepositoryContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The API keys table adapter against the local stack's DynamoDB server. */
@ExtendWith(LocalStackExtension.class)
class DynamoDbApiKeyRepositoryContractIT extends ApiKeyRepositoryContract {

    private ApiKeyRepository repository;

    @BeforeEach
    void connect(LocalStack stack) {
        repository = new DynamoDbApiKeyRepository(stack.clients().dynamoDb(), stack.clients().dynamoDbEnhanced(),
                stack.resources().apiKeys().name());
    }

    @Override
    protected ApiKeyRepository repository() {
        return repository;
    }
}
