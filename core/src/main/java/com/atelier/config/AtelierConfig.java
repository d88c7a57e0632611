package com.atelier.config;

import java.net.MalformedURLException;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The settings every Atelier process reads once at start, from environment variables. AWS settings
 * (region, credentials, endpoints) are not here: the AWS SDK reads those itself from its standard
 * variables and system properties, so the same code runs on AWS, LocalStack and the local stack.
 *
 * @param stage              names the deployment (`local`, `dev`, `prod`); every resource name derives from it
 * @param imagesBucketName   the bucket for uploads and results; S3 names are global, so AWS
 *                           deployments set it explicitly
 * @param requireKnownWords  whether a prompt with no word of the model's vocabulary is refused before
 *                           any charge ({@code ATELIER_REQUIRE_KNOWN_WORDS}, on unless {@code off}: off
 *                           for a model without a closed vocabulary)
 */
public record AtelierConfig(String stage, String imagesBucketName, Optional<String> billingWebhookSecret,
                            Optional<OidcSettings> oidc, boolean diversityRevision, Duration imagesSyncWait,
                            int imageRequestsPerMinute, boolean requireKnownWords) {

    /** Where OIDC JWTs (for example from a Cognito user pool) are checked; absent: API keys only. */
    public record OidcSettings(URI jwksUrl, String issuer, Optional<String> audience) {
    }

    public static final String STAGE_VARIABLE = "ATELIER_STAGE";
    public static final String IMAGES_BUCKET_VARIABLE = "ATELIER_IMAGES_BUCKET";
    public static final String BILLING_WEBHOOK_SECRET_VARIABLE = "ATELIER_BILLING_WEBHOOK_SECRET";
    public static final String OIDC_JWKS_URL_VARIABLE = "ATELIER_OIDC_JWKS_URL";
    public static final String OIDC_ISSUER_VARIABLE = "ATELIER_OIDC_ISSUER";
    public static final String OIDC_AUDIENCE_VARIABLE = "ATELIER_OIDC_AUDIENCE";
    public static final String DIVERSITY_VARIABLE = "ATELIER_DIVERSITY";
    /** The EventBridge bus the change-events function puts job and credit events on (AWS only). */
    public static final String EVENT_BUS_VARIABLE = "ATELIER_EVENT_BUS";
    /** Image requests (generations, edits, variations) an account may make per minute. */
    public static final String IMAGE_REQUESTS_PER_MINUTE_VARIABLE = "ATELIER_IMAGE_REQUESTS_PER_MINUTE";
    /** How long the synchronous Images API waits for a job before answering with the job to poll. */
    public static final String IMAGES_SYNC_WAIT_VARIABLE = "ATELIER_IMAGES_SYNC_WAIT_SECONDS";
    public static final String REQUIRE_KNOWN_WORDS_VARIABLE = "ATELIER_REQUIRE_KNOWN_WORDS";
    public static final String DEFAULT_STAGE = "local";
    /**
     * Only the local stage has a default webhook secret, so that ./atelier works with no setup and
     * scripts can sign test payments; every other stage must be given one.
     */
    public static final String LOCAL_WEBHOOK_SECRET = "whsec_atelier_local_only";

    // Resource names are built from the stage; this keeps them valid for DynamoDB, SQS and S3 alike.
    private static final Pattern STAGE_PATTERN = Pattern.compile("[a-z][a-z0-9-]{0,19}");
    private static final Pattern BUCKET_PATTERN = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public AtelierConfig {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(imagesBucketName, "imagesBucketName");
        Objects.requireNonNull(billingWebhookSecret, "billingWebhookSecret");
        Objects.requireNonNull(oidc, "oidc");
        if (!STAGE_PATTERN.matcher(stage).matches()) {
            throw new ConfigurationException(STAGE_VARIABLE, stage,
                    "a lowercase name of 1 to 20 letters, digits and hyphens, starting with a letter");
        }
        if (!BUCKET_PATTERN.matcher(imagesBucketName).matches()) {
            throw new ConfigurationException(IMAGES_BUCKET_VARIABLE, imagesBucketName,
                    "a valid S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)");
        }
    }

    /**
     * Environment variables, each overridable by a system property of the same name, which is how an
     * in-process host (the local stack, a test) configures what a Lambda reads from its environment.
     */
    public static AtelierConfig fromEnvironment() {
        return from(environmentVariables());
    }

    /** The process's environment with each {@code ATELIER_…} system property laid over its variable. */
    public static Map<String, String> environmentVariables() {
        Map<String, String> variables = new HashMap<>(System.getenv());
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("ATELIER_")) {
                variables.put(name, System.getProperty(name));
            }
        }
        return variables;
    }

    public static AtelierConfig from(Map<String, String> variables) {
        String stage = nonBlank(variables.get(STAGE_VARIABLE), DEFAULT_STAGE);
        String bucket = nonBlank(variables.get(IMAGES_BUCKET_VARIABLE), "atelier-" + stage + "-images");
        Optional<String> webhookSecret = Optional.ofNullable(nonBlank(variables.get(BILLING_WEBHOOK_SECRET_VARIABLE),
                stage.equals(DEFAULT_STAGE) ? LOCAL_WEBHOOK_SECRET : null));
        String diversity = nonBlank(variables.get(DIVERSITY_VARIABLE), "on");
        if (!diversity.equals("on") && !diversity.equals("off")) {
            throw new ConfigurationException(DIVERSITY_VARIABLE, diversity, "on or off");
        }
        String syncWait = nonBlank(variables.get(IMAGES_SYNC_WAIT_VARIABLE), "25");
        int syncWaitSeconds;
        try {
            syncWaitSeconds = Integer.parseInt(syncWait);
        } catch (NumberFormatException e) {
            syncWaitSeconds = -1;
        }
        // API Gateway ends an integration at 30 s; the answer needs a moment after the wait.
        if (syncWaitSeconds < 0 || syncWaitSeconds > 28) {
            throw new ConfigurationException(IMAGES_SYNC_WAIT_VARIABLE, syncWait, "a whole number of seconds from 0 to 28");
        }
        String perMinute = nonBlank(variables.get(IMAGE_REQUESTS_PER_MINUTE_VARIABLE), "50");
        int requestsPerMinute;
        try {
            requestsPerMinute = Integer.parseInt(perMinute);
        } catch (NumberFormatException e) {
            requestsPerMinute = 0;
        }
        if (requestsPerMinute < 1) {
            throw new ConfigurationException(IMAGE_REQUESTS_PER_MINUTE_VARIABLE, perMinute, "a whole number of at least 1");
        }
        String knownWords = nonBlank(variables.get(REQUIRE_KNOWN_WORDS_VARIABLE), "on");
        if (!knownWords.equals("on") && !knownWords.equals("off")) {
            throw new ConfigurationException(REQUIRE_KNOWN_WORDS_VARIABLE, knownWords, "on or off");
        }
        return new AtelierConfig(stage, bucket, webhookSecret, oidc(variables), diversity.equals("on"),
                Duration.ofSeconds(syncWaitSeconds), requestsPerMinute, knownWords.equals("on"));
    }

    private static Optional<OidcSettings> oidc(Map<String, String> variables) {
        String jwksUrl = nonBlank(variables.get(OIDC_JWKS_URL_VARIABLE), null);
        if (jwksUrl == null) {
            return Optional.empty();
        }
        String issuer = nonBlank(variables.get(OIDC_ISSUER_VARIABLE), null);
        if (issuer == null) {
            throw new ConfigurationException(OIDC_ISSUER_VARIABLE, "", "the token issuer, required with " + OIDC_JWKS_URL_VARIABLE);
        }
        URI uri;
        try {
            uri = URI.create(jwksUrl);
            uri.toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            throw new ConfigurationException(OIDC_JWKS_URL_VARIABLE, jwksUrl, "an http(s) URL of a JWKS document");
        }
        return Optional.of(new OidcSettings(uri, issuer, Optional.ofNullable(nonBlank(variables.get(OIDC_AUDIENCE_VARIABLE), null))));
    }

    /** The prefix of every table and queue name of this stage. */
    public String resourcePrefix() {
        return "atelier-" + stage + "-";
    }

    private static String nonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
