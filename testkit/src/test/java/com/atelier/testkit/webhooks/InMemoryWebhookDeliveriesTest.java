package com.atelier.testkit.webhooks;

import com.atelier.testkit.contracts.WebhookDeliveriesContract;
import com.atelier.webhooks.WebhookDeliveries;

class InMemoryWebhookDeliveriesTest extends WebhookDeliveriesContract {

    private final InMemoryWebhookDeliveries deliveries = new InMemoryWebhookDeliveries();

    @Override
    protected WebhookDeliveries deliveries() {
        return deliveries;
    }
}
