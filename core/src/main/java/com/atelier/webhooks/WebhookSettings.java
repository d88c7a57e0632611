package com.atelier.webhooks;

import com.atelier.config.AtelierConfig;
import com.atelier.config.ConfigurationException;
import java.time.Duration;
import java.util.Map;

/**
 * How webhooks behave on a stage, from its environment.
 *
 * @param allowLoopback         whether receivers on this machine may be called: on the local stage only,
 *                              where the receiver under test listens on loopback
 * @param disableAfterFailingFor how long an endpoint may fail every attempt before it is disabled
 */
public record WebhookSettings(RetrySchedule retries, boolean allowLoopback, Duration disableAfterFailingFor) {

    /** A comma-separated list of waits between attempts, e.g. {@code 1s,1s} for tests; the standard one by default. */
    public static final String RETRY_DELAYS_VARIABLE = "ATELIER_WEBHOOK_RETRY_DELAYS";

    public static WebhookSettings from(Map<String, String> variables) {
        String stage = variables.getOrDefault(AtelierConfig.STAGE_VARIABLE, AtelierConfig.DEFAULT_STAGE);
        String delays = variables.get(RETRY_DELAYS_VARIABLE);
        RetrySchedule retries;
        try {
            retries = delays == null || delays.isBlank() ? RetrySchedule.STANDARD : RetrySchedule.parse(delays, 0.2);
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(RETRY_DELAYS_VARIABLE, delays, "waits like 5s,5m,30m,2h");
        }
        boolean local = stage.isBlank() || stage.equals(AtelierConfig.DEFAULT_STAGE);
        return new WebhookSettings(retries, local, Duration.ofDays(5));
    }

    public static WebhookSettings fromEnvironment() {
        return from(AtelierConfig.environmentVariables());
    }
}
