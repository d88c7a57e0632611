package com.atelier.local.contracts;

import com.atelier.aws.grants.DynamoDbGrantApplicationRepository;
import com.atelier.grants.GrantApplicationRepository;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.testkit.contracts.GrantApplicationRepositoryContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The grant applications table adapter against the local stack's DynamoDB server. */
@ExtendWith(LocalStackExtension.class)
class DynamoDbGrantApplicationRepositoryContractIT extends GrantApplicationRepositoryContract {

    private GrantApplicationRepository repository;

    @BeforeEach
    void connect(LocalStack stack) {
        repository = new DynamoDbGrantApplicationRepository(stack.clients().dynamoDb(), stack.clients().dynamoDbEnhanced(),
                stack.resources().grantApplications().name());
    }

    @Override
    protected GrantApplicationRepository repository() {
        return repository;
    }
}
