package com.atelier.local.contracts;

import com.atelier.aws.jobs.DynamoDbJobRepository;
import com.atelier.jobs.JobRepository;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.testkit.contracts.JobRepositoryContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The jobs table adapter against the local stack's DynamoDB server keeps the rules the in-memory one does. */
@ExtendWith(LocalStackExtension.class)
class DynamoDbJobRepositoryContractIT extends JobRepositoryContract {

    private JobRepository repository;

    @BeforeEach
    void connect(LocalStack stack) {
        repository = new DynamoDbJobRepository(stack.clients().dynamoDb(), stack.clients().dynamoDbEnhanced(),
                stack.resources().jobs().name());
    }

    @Override
    protected JobRepository repository() {
        return repository;
    }
}
