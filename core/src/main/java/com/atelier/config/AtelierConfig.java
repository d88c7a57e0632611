package com.atelier.config;

import java.util.Map;
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
 */
public record AtelierConfig(String stage, String imagesBucketName) {

    public static final String STAGE_VARIABLE = "ATELIER_STAGE";
    public static final String IMAGES_BUCKET_VARIABLE = "ATELIER_IMAGES_BUCKET";
    public static final String DEFAULT_STAGE = "local";

    // Resource names are built from the stage; this keeps them valid for DynamoDB, SQS and S3 alike.
    private static final Pattern STAGE_PATTERN = Pattern.compile("[a-z][a-z0-9-]{0,19}");
    private static final Pattern BUCKET_PATTERN = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");

    public AtelierConfig {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(imagesBucketName, "imagesBucketName");
        if (!STAGE_PATTERN.matcher(stage).matches()) {
            throw new ConfigurationException(STAGE_VARIABLE, stage,
                    "a lowercase name of 1 to 20 letters, digits and hyphens, starting with a letter");
        }
        if (!BUCKET_PATTERN.matcher(imagesBucketName).matches()) {
            throw new ConfigurationException(IMAGES_BUCKET_VARIABLE, imagesBucketName,
                    "a valid S3 bucket name (3 to 63 lowercase letters, digits, dots and hyphens)");
        }
    }

    public static AtelierConfig fromEnvironment() {
        return from(System.getenv());
    }

    public static AtelierConfig from(Map<String, String> variables) {
        String stage = nonBlank(variables.get(STAGE_VARIABLE), DEFAULT_STAGE);
        String bucket = nonBlank(variables.get(IMAGES_BUCKET_VARIABLE), "atelier-" + stage + "-images");
        return new AtelierConfig(stage, bucket);
    }

    /** The prefix of every table and queue name of this stage. */
    public String resourcePrefix() {
        return "atelier-" + stage + "-";
    }

    private static String nonBlank(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }
}
