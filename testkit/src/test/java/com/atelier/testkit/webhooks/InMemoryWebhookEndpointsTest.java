package com.atelier.testkit.webhooks;

import com.atelier.testkit.contracts.WebhookEndpointsContract;
import com.atelier.webhooks.WebhookEndpoints;

class InMemoryWebhookEndpointsTest extends WebhookEndpointsContract {

    private final InMemoryWebhookEndpoints endpoints = new InMemoryWebhookEndpoints();

    @Override
    protected WebhookEndpoints endpoints() {
        return endpoints;
    }
}
