package com.atelier.costs;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The prices the cost model uses and when they were recorded, from one file
 * ({@code pricing/aws-prices.json}): the GPU instance's hourly price, Lambda, API Gateway, DynamoDB,
 * SQS, S3 and transfer out, and what one job takes of each beside its GPU time.
 */
public record CloudPrices(String region, LocalDate recordedOn, String gpuInstanceType, double gpuUsdPerHour,
                          double lambdaUsdPerGbSecond, double lambdaUsdPerMillionRequests,
                          double apiGatewayUsdPerMillionRequests, double dynamoDbUsdPerMillionWriteUnits,
                          double dynamoDbUsdPerMillionReadUnits, double sqsUsdPerMillionRequests,
                          double s3UsdPerGbMonth, int resultRetentionDays, double transferUsdPerGbOut,
                          PerJob perJob, Map<String, Long> pngBytesPerImage) {

    /** What one job takes of the serverless parts, whatever its images. */
    public record PerJob(double lambdaInvocations, double lambdaGbSeconds, double apiRequests,
                         double dynamoDbWriteUnits, double dynamoDbReadUnits, double sqsRequests) {
    }

    public static final String RESOURCE = "/pricing/aws-prices.json";

    public CloudPrices {
        pngBytesPerImage = Map.copyOf(pngBytesPerImage);
    }

    /** The prices shipped with Atelier. */
    public static CloudPrices bundled() {
        try (InputStream in = CloudPrices.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return parse(new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    static CloudPrices parse(JsonNode root) {
        JsonNode perJob = required(root, "perJob");
        Map<String, Long> bytes = new LinkedHashMap<>();
        required(root, "pngBytesPerImage").fields().forEachRemaining(size -> bytes.put(size.getKey(), size.getValue().asLong()));
        return new CloudPrices(required(root, "region").asText(), LocalDate.parse(required(root, "recordedOn").asText()),
                required(required(root, "gpuInstance"), "type").asText(), number(root, "gpuInstance", "usdPerHour"),
                number(root, "lambda", "usdPerGbSecond"), number(root, "lambda", "usdPerMillionRequests"),
                number(root, "apiGateway", "usdPerMillionRequests"), number(root, "dynamoDb", "usdPerMillionWriteUnits"),
                number(root, "dynamoDb", "usdPerMillionReadUnits"), number(root, "sqs", "usdPerMillionRequests"),
                number(root, "s3", "usdPerGbMonth"), (int) number(root, "s3", "resultRetentionDays"),
                number(root, "transfer", "usdPerGbOut"),
                new PerJob(number(perJob, "lambdaInvocations"), number(perJob, "lambdaGbSeconds"),
                        number(perJob, "apiRequests"), number(perJob, "dynamoDbWriteUnits"),
                        number(perJob, "dynamoDbReadUnits"), number(perJob, "sqsRequests")),
                bytes);
    }

    private static double number(JsonNode root, String... path) {
        JsonNode node = root;
        for (String field : path) {
            node = required(node, field);
        }
        if (!node.isNumber() || node.asDouble() < 0) {
            throw new IllegalStateException(RESOURCE + ": " + String.join(".", path) + " must be a number, at least 0");
        }
        return node.asDouble();
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalStateException(RESOURCE + ": '" + field + "' is missing");
        }
        return value;
    }
}
