package com.atelier.local.iam;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.local.iam.IamPermissions.Permission;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueUrlRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;

/** SDK requests become the IAM actions and resources IAM would check. */
class IamPermissionsTest {

    private static final UnaryOperator<String> LOCAL = name -> name.replaceFirst("^atelier-local-", "");

    @Test
    void aGetItemNeedsGetItemOnItsTable() {
        assertThat(IamPermissions.of(GetItemRequest.builder().tableName("atelier-local-jobs").build(), LOCAL))
                .containsExactly(new Permission("dynamodb:GetItem", "arn:aws:dynamodb:*:*:table/jobs"));
    }

    @Test
    void aQueryOnAnIndexNeedsQueryOnTheIndex() {
        assertThat(IamPermissions.of(QueryRequest.builder().tableName("atelier-local-jobs").indexName("byStatus").build(), LOCAL))
                .containsExactly(new Permission("dynamodb:Query", "arn:aws:dynamodb:*:*:table/jobs/index/byStatus"));
    }

    @Test
    void aTransactionNeedsEachItemsOwnActionOnItsTable() {
        TransactWriteItemsRequest transaction = TransactWriteItemsRequest.builder().transactItems(
                TransactWriteItem.builder().update(update -> update.tableName("atelier-local-accounts")).build(),
                TransactWriteItem.builder().put(put -> put.tableName("atelier-local-ledger")).build(),
                TransactWriteItem.builder().conditionCheck(check -> check.tableName("atelier-local-jobs")).build()).build();

        assertThat(IamPermissions.of(transaction, LOCAL)).containsExactly(
                new Permission("dynamodb:UpdateItem", "arn:aws:dynamodb:*:*:table/accounts"),
                new Permission("dynamodb:PutItem", "arn:aws:dynamodb:*:*:table/ledger"),
                new Permission("dynamodb:ConditionCheckItem", "arn:aws:dynamodb:*:*:table/jobs"));
    }

    @Test
    void queuesAreNamedByNameOrByUrlAndBatchesNeedTheSingleMessageAction() {
        assertThat(IamPermissions.of(GetQueueUrlRequest.builder().queueName("atelier-local-jobs").build(), LOCAL))
                .containsExactly(new Permission("sqs:GetQueueUrl", "arn:aws:sqs:*:*:jobs"));
        assertThat(IamPermissions.of(SendMessageBatchRequest.builder()
                .queueUrl("http://127.0.0.1:9324/000000000000/atelier-local-jobs").build(), LOCAL))
                .isEqualTo(List.of(new Permission("sqs:SendMessage", "arn:aws:sqs:*:*:jobs")));
    }

    @Test
    void objectsAreNamedByBucketAndKeyAndAHeadNeedsGetObject() {
        assertThat(IamPermissions.of(PutObjectRequest.builder().bucket("atelier-local-images").key("results/u/j/0.png").build(), LOCAL))
                .containsExactly(new Permission("s3:PutObject", "arn:aws:s3:::images/results/u/j/0.png"));
        assertThat(IamPermissions.of(HeadObjectRequest.builder().bucket("atelier-local-images").key("uploads/u/1.png").build(), LOCAL))
                .containsExactly(new Permission("s3:GetObject", "arn:aws:s3:::images/uploads/u/1.png"));
    }
}
