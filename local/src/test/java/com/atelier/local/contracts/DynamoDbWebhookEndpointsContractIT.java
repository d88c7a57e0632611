package com.atelier.local.contracts;

import com.atelier.aws.webhooks.DynamoDbWebhookEndpoints;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.testkit.contracts.WebhookEndpointsContract;
import com.atelier.webhooks.WebhookEndpoints;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The webhook endpoints table adapter against the local stack's DynamoDB server keeps the in-memory one's rules. */
@ExtendWith(LocalStackExtension.class)
class DynamoDbWebhookEndpointsContractIT extends WebhookEndpointsContract {

    private WebhookEndpoints endpoints;

    @BeforeEach
    void connect(LocalStack stack) {
        endpoints = new DynamoDbWebhookEndpoints(stack.clients().dynamoDb(), stack.clients().dynamoDbEnhanced(),
                stack.resources().webhookEndpoints().name());
    }

    @Override
    protected WebhookEndpoints endpoints() {
        return endpoints;
    }
}
