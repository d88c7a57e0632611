package com.atelier.aws;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sqs.SqsClient;

import java.time.Duration;
import java.util.List;

/**
 * The AWS clients of one process, built once from the SDK's standard settings: region and
 * credentials from their provider chains, endpoints from {@code AWS_ENDPOINT_URL} /
 * {@code AWS_ENDPOINT_URL_<SERVICE>} (or the {@code aws.endpointUrl…} system properties). No
 * endpoint is written here, so the same build talks to AWS, LocalStack or the local stack.
 *
 * <p>Lambda handlers keep {@link #shared()} in a static field so that SnapStart snapshots the
 * clients; clients are thread-safe and must never be built per request.
 */
public record AwsClients(
        DynamoDbClient dynamoDb,
        DynamoDbEnhancedClient dynamoDbEnhanced,
        SqsClient sqs,
        S3Client s3,
        S3Presigner s3Presigner) implements AutoCloseable {

    /**
     * Above SQS's 20 s long poll, and long enough for a 4 MB upload; the SDK's own retries and
     * api-call timeouts bound each call.
     */
    private static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    /**
     * Every call, retries included, ends within this, well inside the 10 s most functions may run:
     * a dependency that stays down is then a failed call the function answers 503, never a function
     * killed at its timeout (a 500). Long polls set their own ({@link #longPoll}).
     */
    private static final Duration API_CALL_TIMEOUT = Duration.ofSeconds(6);
    private static final Duration API_CALL_ATTEMPT_TIMEOUT = Duration.ofSeconds(3);

    /**
     * Who makes the calls of clients built by {@link #forPrincipal}: a Lambda function's or the
     * worker's name, for interceptors that check or record calls per IAM role. Presigning does not
     * carry it (the SDK's presigner takes no client-level execution attributes).
     */
    public static final ExecutionAttribute<String> PRINCIPAL = new ExecutionAttribute<>("AtelierPrincipal");

    private static final class Shared {
        static final AwsClients INSTANCE = fromSdkSettings();
    }

    /** The process-wide clients, built on first use. */
    public static AwsClients shared() {
        return Shared.INSTANCE;
    }

    /** Builds a new set of clients; prefer {@link #shared()} outside of tests and tools. */
    public static AwsClients fromSdkSettings() {
        return fromSdkSettings(List.of());
    }

    /**
     * Builds a new set of clients whose calls also pass through these interceptors, after the
     * global ones the SDK finds on the classpath.
     */
    public static AwsClients fromSdkSettings(List<ExecutionInterceptor> interceptors) {
        return build(ClientOverrideConfiguration.builder().executionInterceptors(List.copyOf(interceptors)).build());
    }

    /**
     * Builds a new set of clients whose calls carry {@link #PRINCIPAL}, so that interceptors know
     * which function or worker made them on any thread.
     */
    public static AwsClients forPrincipal(String principal, List<ExecutionInterceptor> interceptors) {
        return build(ClientOverrideConfiguration.builder()
                .executionInterceptors(List.copyOf(interceptors))
                .putExecutionAttribute(PRINCIPAL, principal)
                .build());
    }

    /** The time limits of a long poll that waits this long for a message: the wait, plus a call's own. */
    public static AwsRequestOverrideConfiguration longPoll(int waitSeconds) {
        Duration limit = API_CALL_ATTEMPT_TIMEOUT.plusSeconds(waitSeconds);
        return AwsRequestOverrideConfiguration.builder().apiCallAttemptTimeout(limit)
                .apiCallTimeout(limit.plus(API_CALL_TIMEOUT)).build();
    }

    private static AwsClients build(ClientOverrideConfiguration requested) {
        ClientOverrideConfiguration overrides = requested.toBuilder()
                .apiCallTimeout(API_CALL_TIMEOUT)
                .apiCallAttemptTimeout(API_CALL_ATTEMPT_TIMEOUT)
                .build();
        DynamoDbClient dynamoDb = DynamoDbClient.builder().httpClient(httpClient()).overrideConfiguration(overrides).build();
        S3Client s3 = S3Client.builder()
                .httpClient(httpClient())
                .overrideConfiguration(overrides)
                // Path-style URLs work on AWS and on servers without wildcard DNS (S3Proxy, LocalStack).
                .forcePathStyle(true)
                // The SDK's default trailing checksums are refused by S3Proxy; S3 itself accepts both.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
        S3Presigner presigner = S3Presigner.builder()
                .s3Client(s3)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .build();
        return new AwsClients(
                dynamoDb,
                DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).build(),
                SqsClient.builder().httpClient(httpClient()).overrideConfiguration(overrides).build(),
                s3,
                presigner);
    }

    private static SdkHttpClient httpClient() {
        // The URL-connection client starts fastest and weighs least, which matters for Lambda cold starts.
        return UrlConnectionHttpClient.builder()
                .socketTimeout(SOCKET_TIMEOUT)
                .connectionTimeout(CONNECTION_TIMEOUT)
                .build();
    }

    @Override
    public void close() {
        s3Presigner.close();
        s3.close();
        sqs.close();
        dynamoDb.close();
    }
}
