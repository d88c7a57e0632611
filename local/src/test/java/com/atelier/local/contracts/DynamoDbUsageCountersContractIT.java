package com.atelier.local.contracts;

import com.atelier.aws.usage.DynamoDbUsageCounters;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.testkit.contracts.UsageCountersContract;
import com.atelier.usage.UsageCounters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The usage counters table adapter against the local stack's DynamoDB server. */
@ExtendWith(LocalStackExtension.class)
class DynamoDbUsageCountersContractIT extends UsageCountersContract {

    private UsageCounters counters;

    @BeforeEach
    void connect(LocalStack stack) {
        counters = new DynamoDbUsageCounters(stack.clients().dynamoDb(), stack.resources().usageCounters().name());
    }

    @Override
    protected UsageCounters counters() {
        return counters;
    }
}
