package com.atelier.local.contracts;

import com.atelier.aws.ratelimit.DynamoDbRequestCounters;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.ratelimit.RequestCounters;
import com.atelier.testkit.contracts.RequestCountersContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The rate limits table adapter against the local stack's DynamoDB server. */
@ExtendWith(LocalStackExtension.class)
class DynamoDbRequestCountersContractIT extends RequestCountersContract {

    private RequestCounters counters;

    @BeforeEach
    void connect(LocalStack stack) {
        counters = new DynamoDbRequestCounters(stack.clients().dynamoDb(), stack.resources().rateLimits().name());
    }

    @Override
    protected RequestCounters counters() {
        return counters;
    }
}
