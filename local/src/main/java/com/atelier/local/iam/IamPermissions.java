package com.atelier.local.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.s3.model.S3Request;
import software.amazon.awssdk.services.sqs.model.SqsRequest;

/**
 * The IAM actions and resources one SDK request needs, as IAM authorizes them: a transaction needs
 * each item's own action on its table, a query on an index needs {@code dynamodb:Query} on
 * {@code table/T/index/I}, SQS batches need the single-message action, a HEAD needs
 * {@code s3:GetObject}, a listing {@code s3:ListBucket} on the bucket. A presigned request needs
 * what the request itself would. ARNs name no region or account ({@code *}); resource names go
 * through {@code names} (which drops the stage's prefix).
 */
public final class IamPermissions {

    /** One action on one resource, e.g. {@code dynamodb:Query} on {@code arn:aws:dynamodb:*:*:table/jobs/index/byStatus}. */
    public record Permission(String action, String resource) {
    }

    private static final Map<String, String> SQS_BATCHES = Map.of(
            "SendMessageBatch", "SendMessage",
            "DeleteMessageBatch", "DeleteMessage",
            "ChangeMessageVisibilityBatch", "ChangeMessageVisibility");

    private static final Map<String, String> S3_ACTIONS = Map.of(
            "HeadObject", "GetObject",
            "ListObjectsV2", "ListBucket",
            "ListObjects", "ListBucket",
            "HeadBucket", "ListBucket",
            "DeleteObjects", "DeleteObject",
            "CreateMultipartUpload", "PutObject",
            "UploadPart", "PutObject",
            "CompleteMultipartUpload", "PutObject");

    private IamPermissions() {
    }

    /** {@code GetItemRequest} → {@code GetItem}. */
    public static String operation(SdkRequest request) {
        String name = request.getClass().getSimpleName();
        return name.endsWith("Request") ? name.substring(0, name.length() - "Request".length()) : name;
    }

    public static List<Permission> of(SdkRequest request, UnaryOperator<String> names) {
        String operation = operation(request);
        if (request instanceof DynamoDbRequest) {
            return dynamoDb(request, operation, names);
        }
        if (request instanceof SqsRequest) {
            String queue = field(request, "QueueName");
            if (queue == null) {
                String url = field(request, "QueueUrl");
                queue = url == null ? null : url.substring(url.lastIndexOf('/') + 1);
            }
            return List.of(new Permission("sqs:" + SQS_BATCHES.getOrDefault(operation, operation),
                    queue == null ? "*" : "arn:aws:sqs:*:*:" + names.apply(queue)));
        }
        if (request instanceof S3Request) {
            String bucket = field(request, "Bucket");
            String key = field(request, "Key");
            String action = "s3:" + S3_ACTIONS.getOrDefault(operation, operation);
            String resource = bucket == null ? "*"
                    : "arn:aws:s3:::" + names.apply(bucket) + (key != null ? "/" + key
                    : action.equals("s3:DeleteObject") ? "/*" : "");
            return List.of(new Permission(action, resource));
        }
        return List.of(new Permission(operation, "*"));
    }

    private static List<Permission> dynamoDb(SdkRequest request, String operation, UnaryOperator<String> names) {
        List<Permission> permissions = new ArrayList<>();
        if (request instanceof TransactWriteItemsRequest transaction) {
            for (TransactWriteItem item : transaction.transactItems()) {
                if (item.put() != null) {
                    permissions.add(new Permission("dynamodb:PutItem", table(item.put().tableName(), null, names)));
                } else if (item.update() != null) {
                    permissions.add(new Permission("dynamodb:UpdateItem", table(item.update().tableName(), null, names)));
                } else if (item.delete() != null) {
                    permissions.add(new Permission("dynamodb:DeleteItem", table(item.delete().tableName(), null, names)));
                } else if (item.conditionCheck() != null) {
                    permissions.add(new Permission("dynamodb:ConditionCheckItem",
                            table(item.conditionCheck().tableName(), null, names)));
                }
            }
        } else if (request instanceof TransactGetItemsRequest transaction) {
            transaction.transactItems().forEach(item ->
                    permissions.add(new Permission("dynamodb:GetItem", table(item.get().tableName(), null, names))));
        } else if (request instanceof BatchGetItemRequest batch) {
            batch.requestItems().keySet().forEach(name ->
                    permissions.add(new Permission("dynamodb:BatchGetItem", table(name, null, names))));
        } else if (request instanceof BatchWriteItemRequest batch) {
            batch.requestItems().keySet().forEach(name ->
                    permissions.add(new Permission("dynamodb:BatchWriteItem", table(name, null, names))));
        } else {
            String name = field(request, "TableName");
            permissions.add(new Permission("dynamodb:" + operation,
                    name == null ? "*" : table(name, field(request, "IndexName"), names)));
        }
        return permissions;
    }

    private static String table(String name, String index, UnaryOperator<String> names) {
        return "arn:aws:dynamodb:*:*:table/" + names.apply(name) + (index == null ? "" : "/index/" + index);
    }

    private static String field(SdkRequest request, String name) {
        // Generated requests answer empty for a field they do not have.
        return request.getValueForField(name, String.class).orElse(null);
    }
}
