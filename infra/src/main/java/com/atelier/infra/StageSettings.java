package com.atelier.infra;

import com.atelier.config.CorsSettings;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Node;

/**
 * What differs between deployments, read from CDK context ({@code -c stage=prod}, or {@code cdk.json}).
 *
 * @param stage              the name every resource carries ({@code atelier-<stage>-…}); the functions
 *                           get it as {@code ATELIER_STAGE} and so find the same names
 * @param production         keeps data when the stack goes (deletion protection, retained tables and
 *                           bucket) and its logs longer
 * @param resultsExpiryDays  generated images are deleted this many days after they were made
 * @param uploadsExpiryDays  uploaded images (edits, variations) are deleted after this many days
 * @param corsOrigins        origins allowed by the API and the images bucket besides the stage's own
 *                           web client (its CloudFront origin), e.g. a developer's {@code http://localhost:5173}
 * @param apiRateLimit       API Gateway's steady-state requests per second for the whole API
 * @param apiBurstLimit      and its burst
 * @param gpuHourlyUsd       what an hour of a GPU worker instance costs, for the cost dashboard's
 *                           estimates (default: a g5.xlarge on demand in us-east-1)
 * @param gpuInstanceType    the workers' instance type (one GPU each)
 * @param gpuSpotMaxPrice    a maximum hourly price to run the workers on Spot, or null for On-Demand
 * @param maxWorkers         the most worker instances (and tasks) at once
 * @param jobsPerWorker      waiting or running jobs per worker before another one starts
 * @param cognitoSignIn      a Cognito user pool whose access tokens the API takes beside API keys
 */
public record StageSettings(String stage, boolean production, RetentionDays logRetention, int resultsExpiryDays,
                            int uploadsExpiryDays, List<String> corsOrigins, int apiRateLimit, int apiBurstLimit,
                            double gpuHourlyUsd, String gpuInstanceType, String gpuSpotMaxPrice, int maxWorkers,
                            int jobsPerWorker, boolean cognitoSignIn) {

    public StageSettings {
        if (maxWorkers < 1 || maxWorkers > 19) {
            // Step scaling takes at most 20 steps: one for none, one per worker count.
            throw new IllegalArgumentException("maxWorkers must be 1 to 19, was " + maxWorkers);
        }
        if (gpuSpotMaxPrice != null && !gpuSpotMaxPrice.matches("\\d+(\\.\\d+)?")) {
            // The launch template's Spot options take a number of USD per hour.
            throw new IllegalArgumentException("context gpuSpotMaxPrice must be a price in USD per hour, was "
                    + gpuSpotMaxPrice);
        }
    }

    /** One settings per stage named in context {@code stage} (comma-separated; default dev). */
    public static List<StageSettings> allFromContext(Node node) {
        return Arrays.stream(text(node, "stage", "dev").split(",")).map(String::trim)
                .map(stage -> of(stage, node)).toList();
    }

    static StageSettings of(String stage, Node node) {
        if (!stage.matches("[a-z][a-z0-9-]{0,15}")) {
            throw new IllegalArgumentException("context stage must be lowercase letters, digits and dashes, was " + stage);
        }
        boolean production = stage.equals("prod");
        return new StageSettings(stage, production,
                production ? RetentionDays.THREE_MONTHS : RetentionDays.TWO_WEEKS,
                number(node, "resultsExpiryDays", 30),
                number(node, "uploadsExpiryDays", 1),
                origins(node, "corsOrigins"),
                number(node, "apiRateLimit", production ? 200 : 20),
                number(node, "apiBurstLimit", production ? 400 : 40),
                price(node, "gpuHourlyUsd", 1.006),
                text(node, "gpuInstanceType", "g5.xlarge"),
                node.tryGetContext("gpuSpotMaxPrice") == null ? null : text(node, "gpuSpotMaxPrice", null),
                number(node, "maxWorkers", production ? 8 : 2),
                number(node, "jobsPerWorker", 4),
                Boolean.parseBoolean(text(node, "cognito", "true")));
    }

    /** Comma-separated origins, checked as the API's own setting is ({@link CorsSettings}). */
    private static List<String> origins(Node node, String key) {
        String value = text(node, key, "");
        try {
            return CorsSettings.from(Map.of(CorsSettings.ALLOWED_ORIGINS_VARIABLE, value)).allowedOrigins();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("context " + key + " must be comma-separated origins such as"
                    + " https://app.example (no path), was " + value, e);
        }
    }

    private static double price(Node node, String key, double fallback) {
        String value = text(node, key, Double.toString(fallback));
        try {
            double parsed = Double.parseDouble(value);
            if (!(parsed >= 0)) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context " + key + " must be a price in USD, was " + value, e);
        }
    }

    private static String text(Node node, String key, String fallback) {
        Object value = node.tryGetContext(key);
        return value == null ? fallback : value.toString().trim();
    }

    private static int number(Node node, String key, int fallback) {
        String value = text(node, key, Integer.toString(fallback));
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < 1) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("context " + key + " must be a whole number of at least 1, was " + value, e);
        }
    }
}
