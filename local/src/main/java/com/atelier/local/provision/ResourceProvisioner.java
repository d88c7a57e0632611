package com.atelier.local.provision;

import com.atelier.aws.AwsClients;
import com.atelier.resources.AtelierResources;
import com.atelier.resources.BucketDefinition;
import com.atelier.resources.GlobalIndex;
import com.atelier.resources.KeyAttribute;
import com.atelier.resources.QueueDefinition;
import com.atelier.resources.TableDefinition;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Creates Atelier's tables, queues and bucket from core's definitions, through the AWS APIs, so it
 * works on any server that speaks them. Running it again changes nothing that already exists, and
 * brings queue attributes back to their definition.
 */
public final class ResourceProvisioner {

    private static final Logger LOG = LoggerFactory.getLogger(ResourceProvisioner.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AwsClients clients;

    public ResourceProvisioner(AwsClients clients) {
        this.clients = clients;
    }

    public void provision(AtelierResources resources) {
        Set<String> existingTables = new HashSet<>();
        clients.dynamoDb().listTablesPaginator().tableNames().forEach(existingTables::add);
        for (TableDefinition table : resources.tables()) {
            if (!existingTables.contains(table.name())) {
                createTable(table);
            }
        }
        resources.queues().forEach(this::provisionQueue);
        for (BucketDefinition bucket : resources.buckets()) {
            createBucket(bucket);
        }
    }

    private void createTable(TableDefinition table) {
        try {
            clients.dynamoDb().createTable(createTableRequest(table));
        } catch (ResourceInUseException alreadyCreatedByAnotherProcess) {
            LOG.debug("table {} appeared while provisioning", table.name());
        }
        clients.dynamoDb().waiter().waitUntilTableExists(request -> request.tableName(table.name()));
        // Time to live is not set here: dynalite lacks UpdateTimeToLive, and on AWS the CDK app sets
        // it. Code that relies on expiry also compares the TTL attribute with the clock when reading.
    }

    /** The CreateTable request for a definition: on-demand, every index projecting all attributes. */
    static CreateTableRequest createTableRequest(TableDefinition table) {
        List<GlobalSecondaryIndex> indexes = new ArrayList<>();
        for (GlobalIndex index : table.globalIndexes()) {
            indexes.add(GlobalSecondaryIndex.builder()
                    .indexName(index.name())
                    .keySchema(keySchema(index.partitionKey(), index.sortKey()))
                    .projection(projection -> projection.projectionType(ProjectionType.ALL))
                    .build());
        }
        return CreateTableRequest.builder()
                .tableName(table.name())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(table.keyAttributes().stream()
                        .map(key -> AttributeDefinition.builder()
                                .attributeName(key.name())
                                .attributeType(scalarType(key.type()))
                                .build())
                        .toList())
                .keySchema(keySchema(table.partitionKey(), table.sortKey()))
                .globalSecondaryIndexes(indexes.isEmpty() ? null : indexes)
                .build();
    }

    private static List<KeySchemaElement> keySchema(KeyAttribute partitionKey, Optional<KeyAttribute> sortKey) {
        List<KeySchemaElement> schema = new ArrayList<>();
        schema.add(KeySchemaElement.builder().attributeName(partitionKey.name()).keyType(KeyType.HASH).build());
        sortKey.ifPresent(key -> schema.add(
                KeySchemaElement.builder().attributeName(key.name()).keyType(KeyType.RANGE).build()));
        return schema;
    }

    private static ScalarAttributeType scalarType(KeyAttribute.Type type) {
        return switch (type) {
            case STRING -> ScalarAttributeType.S;
            case NUMBER -> ScalarAttributeType.N;
            case BINARY -> ScalarAttributeType.B;
        };
    }

    /** Creates one queue, or brings an existing one back to its definition; its dead-letter queue must exist. */
    public void provisionQueue(QueueDefinition queue) {
        // CreateQueue without attributes is idempotent; the attributes are then set, which also
        // repairs a queue created earlier with other values.
        String url = clients.sqs().createQueue(request -> request.queueName(queue.name())).queueUrl();
        clients.sqs().setQueueAttributes(request -> request.queueUrl(url).attributes(queueAttributes(queue)));
    }

    private Map<QueueAttributeName, String> queueAttributes(QueueDefinition queue) {
        Map<QueueAttributeName, String> attributes = new LinkedHashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(queue.visibilityTimeout().toSeconds()));
        attributes.put(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Long.toString(queue.messageRetention().toSeconds()));
        attributes.put(QueueAttributeName.RECEIVE_MESSAGE_WAIT_TIME_SECONDS, Long.toString(queue.receiveWait().toSeconds()));
        queue.deadLetter().ifPresent(target -> attributes.put(QueueAttributeName.REDRIVE_POLICY,
                redrivePolicy(queueArn(target.queueName()), target.maxReceiveCount())));
        return attributes;
    }

    static String redrivePolicy(String deadLetterQueueArn, int maxReceiveCount) {
        return JSON.createObjectNode()
                .put("deadLetterTargetArn", deadLetterQueueArn)
                .put("maxReceiveCount", Integer.toString(maxReceiveCount))
                .toString();
    }

    private String queueArn(String queueName) {
        String url = clients.sqs().getQueueUrl(request -> request.queueName(queueName)).queueUrl();
        return clients.sqs().getQueueAttributes(request -> request.queueUrl(url)
                        .attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private void createBucket(BucketDefinition bucket) {
        try {
            clients.s3().headBucket(request -> request.bucket(bucket.name()));
            return;
        } catch (NoSuchBucketException missing) {
            LOG.debug("creating bucket {}", bucket.name());
        } catch (AwsServiceException e) {
            if (e.statusCode() != 404) {
                throw e;
            }
        }
        try {
            clients.s3().createBucket(request -> request.bucket(bucket.name()));
        } catch (BucketAlreadyOwnedByYouException alreadyCreatedByAnotherProcess) {
            LOG.debug("bucket {} appeared while provisioning", bucket.name());
        }
    }
}
