package com.atelier.local.provision;

import com.atelier.config.AtelierConfig;
import com.atelier.resources.AtelierResources;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResourceProvisionerTest {

    private final AtelierResources resources = AtelierResources.of(AtelierConfig.from(Map.of()));

    @Test
    void aTableDefinitionBecomesAnOnDemandTableWithItsIndexes() {
        CreateTableRequest request = ResourceProvisioner.createTableRequest(resources.jobs());

        assertThat(request.tableName()).isEqualTo("atelier-local-jobs");
        assertThat(request.billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(request.keySchema()).singleElement()
                .satisfies(key -> assertThat(key.keyType()).isEqualTo(KeyType.HASH));
        assertThat(request.globalSecondaryIndexes()).hasSize(2)
                .allSatisfy(index -> assertThat(index.projection().projectionType()).isEqualTo(ProjectionType.ALL));
        assertThat(request.attributeDefinitions()).extracting(definition -> definition.attributeName())
                .containsExactlyInAnyOrder("jobId", "accountId", "createdAt", AtelierResources.STATUS_SHARD_ATTRIBUTE, "updatedAt");
    }

    @Test
    void aTableWithoutIndexesSendsNoIndexList() {
        CreateTableRequest request = ResourceProvisioner.createTableRequest(resources.idempotency());

        assertThat(request.hasGlobalSecondaryIndexes()).isFalse();
        assertThat(request.keySchema()).extracting(key -> key.keyType()).containsExactly(KeyType.HASH);
    }

    @Test
    void aSortKeyBecomesTheRangeKey() {
        CreateTableRequest request = ResourceProvisioner.createTableRequest(resources.ledger());

        assertThat(request.keySchema()).extracting(key -> key.keyType()).containsExactly(KeyType.HASH, KeyType.RANGE);
    }

    @Test
    void theRedrivePolicyIsTheJsonSqsExpects() {
        assertThat(ResourceProvisioner.redrivePolicy("arn:aws:sqs:us-east-1:000000000000:dlq", 5))
                .isEqualTo("{\"deadLetterTargetArn\":\"arn:aws:sqs:us-east-1:000000000000:dlq\",\"maxReceiveCount\":\"5\"}");
    }
}
