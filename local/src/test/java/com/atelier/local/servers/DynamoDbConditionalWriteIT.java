package com.atelier.local.servers;

import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.local.testing.Race;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The property Atelier's credits rest on: one conditional UpdateItem on one item is atomic. */
@ExtendWith(LocalStackExtension.class)
class DynamoDbConditionalWriteIT {

    private static final int THREADS = 50;

    @Test
    void anUpdateWhoseConditionFailsChangesNothing(LocalStack stack) {
        DynamoDbClient dynamoDb = stack.clients().dynamoDb();
        String table = stack.resources().accounts().name();
        Map<String, AttributeValue> key = newAccount(dynamoDb, table, 3);

        assertThatThrownBy(() -> dynamoDb.updateItem(debit(table, key, "job-1", 5)))
                .isInstanceOf(ConditionalCheckFailedException.class);

        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(table).key(key).consistentRead(true)).item();
        assertThat(item.get("balance").n()).isEqualTo("3");
        assertThat(item.get("debits").m()).isEmpty();
    }

    @Test
    void fiftyRacingDebitsNeverOverdrawNorPayTwiceForOneJob(LocalStack stack) throws Exception {
        DynamoDbClient dynamoDb = stack.clients().dynamoDb();
        String table = stack.resources().accounts().name();
        int credits = 30;
        Map<String, AttributeValue> key = newAccount(dynamoDb, table, credits);
        // 50 debits for 40 distinct jobs: every tenth request repeats an earlier job id.
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            jobIds.add(i % 5 == 4 ? jobIds.get(i - 1) : "job-" + i);
        }

        List<Boolean> accepted = Race.run(THREADS, i -> () -> {
            try {
                dynamoDb.updateItem(debit(table, key, jobIds.get(i), 1));
                return true;
            } catch (ConditionalCheckFailedException refused) {
                return false;
            }
        });

        Map<String, AttributeValue> item = dynamoDb.getItem(request -> request.tableName(table).key(key).consistentRead(true)).item();
        long acceptedCount = accepted.stream().filter(Boolean::booleanValue).count();
        assertThat(acceptedCount).isEqualTo(credits);
        assertThat(item.get("balance").n()).isEqualTo("0");
        assertThat(item.get("debits").m()).hasSize(credits);
    }

    private static Map<String, AttributeValue> newAccount(DynamoDbClient dynamoDb, String table, int balance) {
        Map<String, AttributeValue> key = Map.of("accountId", AttributeValue.fromS("acct-" + UUID.randomUUID()));
        dynamoDb.putItem(request -> request.tableName(table).item(Map.of(
                "accountId", key.get("accountId"),
                "balance", AttributeValue.fromN(Integer.toString(balance)),
                "debits", AttributeValue.fromM(Map.of()))));
        return key;
    }

    /** Takes credits for a job only while the balance covers them and the job has not paid yet. */
    private static UpdateItemRequest debit(String table, Map<String, AttributeValue> key, String jobId, int credits) {
        return UpdateItemRequest.builder()
                .tableName(table)
                .key(key)
                .updateExpression("SET balance = balance - :credits, debits.#job = :credits")
                .conditionExpression("balance >= :credits AND attribute_not_exists(debits.#job)")
                .expressionAttributeNames(Map.of("#job", jobId))
                .expressionAttributeValues(Map.of(":credits", AttributeValue.fromN(Integer.toString(credits))))
                .build();
    }

}
