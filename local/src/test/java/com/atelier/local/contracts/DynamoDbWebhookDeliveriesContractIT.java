package com.atelier.local.contracts;

import com.atelier.aws.webhooks.DynamoDbWebhookDeliveries;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.testkit.contracts.WebhookDeliveriesContract;
import com.atelier.webhooks.WebhookDeliveries;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** The delivery log table adapter against the local stack's DynamoDB server keeps the in-memory one's rules. */
@ExtendWith(LocalStackExtension.class)
class DynamoDbWebhookDeliveriesContractIT extends WebhookDeliveriesContract {

    private WebhookDeliveries deliveries;

    @BeforeEach
    void connect(LocalStack stack) {
        deliveries = new DynamoDbWebhookDeliveries(stack.clients().dynamoDb(), stack.clients().dynamoDbEnhanced(),
                stack.resources().webhookDeliveries().name());
    }

    @Override
    protected WebhookDeliveries deliveries() {
        return deliveries;
    }
}
