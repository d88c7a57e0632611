package com.atelier.api;

import java.time.Duration;

/**
 * The Lambda functions behind the HTTP API, one per group of routes. The gateway of the local stack
 * and the CDK app both read this, so a route always reaches the same handler class with the same
 * time limit.
 */
public enum ApiFunction implements FunctionDefinition {

    HEALTH("health", "com.atelier.functions.health.HealthHandler", Duration.ofSeconds(10), 512),
    API_DESCRIPTION("api-description", "com.atelier.functions.apidescription.ApiDescriptionHandler", Duration.ofSeconds(10), 512),
    ACCOUNTS("accounts", "com.atelier.functions.accounts.AccountsHandler", Duration.ofSeconds(10), 1024),
    CREDITS("credits", "com.atelier.functions.credits.CreditsHandler", Duration.ofSeconds(10), 1024),
    BILLING_WEBHOOK("billing-webhook", "com.atelier.functions.billing.BillingWebhookHandler", Duration.ofSeconds(10), 1024),
    GRANT_APPLICATIONS("grant-applications", "com.atelier.functions.grants.GrantApplicationsHandler",
            Duration.ofSeconds(10), 1024),
    MODERATION("moderation", "com.atelier.functions.moderation.ModerationHandler", Duration.ofSeconds(10), 1024),
    // The synchronous Images API waits for the job below API Gateway's 30 s integration limit.
    IMAGES("images", "com.atelier.functions.images.ImagesHandler", Duration.ofSeconds(29), 1024),
    JOBS("jobs", "com.atelier.functions.images.JobsHandler", Duration.ofSeconds(10), 1024),
    USAGE("usage", "com.atelier.functions.usage.UsageHandler", Duration.ofSeconds(10), 1024),
    // Registration resolves the receiver's name to check it is public: a slow resolver must not time it out.
    WEBHOOKS("webhooks", "com.atelier.functions.webhooks.WebhooksHandler", Duration.ofSeconds(15), 1024);

    private final String shortName;
    private final String handlerClassName;
    private final Duration timeout;
    private final int memoryMegabytes;

    ApiFunction(String shortName, String handlerClassName, Duration timeout, int memoryMegabytes) {
        this.shortName = shortName;
        this.handlerClassName = handlerClassName;
        this.timeout = timeout;
        this.memoryMegabytes = memoryMegabytes;
    }

    @Override
    public String shortName() {
        return shortName;
    }

    @Override
    public String handlerClassName() {
        return handlerClassName;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public int memoryMegabytes() {
        return memoryMegabytes;
    }
}
