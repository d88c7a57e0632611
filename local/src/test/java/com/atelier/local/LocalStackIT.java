package com.atelier.local;

import com.atelier.local.provision.ResourceProvisioner;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.resources.TableDefinition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

@ExtendWith(LocalStackExtension.class)
class LocalStackIT {

    @Test
    void healthReportsEveryBackingServiceUpThroughTheGateway(LocalStack stack) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(stack.gatewayUrl().resolve("/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        JsonNode body = new ObjectMapper().readTree(response.body());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(body.get("status").asText()).isEqualTo("ok");
        for (String service : List.of("dynamodb", "sqs", "s3")) {
            assertThat(body.at("/services/" + service + "/status").asText()).as(service).isEqualTo("up");
        }
    }

    @Test
    void everyDefinedTableExistsWithItsIndexes(LocalStack stack) {
        for (TableDefinition table : stack.resources().tables()) {
            TableDescription description = stack.clients().dynamoDb()
                    .describeTable(request -> request.tableName(table.name())).table();

            assertThat(description.tableStatusAsString()).isEqualTo("ACTIVE");
            assertThat(description.globalSecondaryIndexes()).extracting(index -> index.indexName())
                    .containsExactlyInAnyOrderElementsOf(table.globalIndexes().stream().map(index -> index.name()).toList());
        }
    }

    @Test
    void provisioningAgainChangesNothing(LocalStack stack) {
        List<String> before = stack.clients().dynamoDb().listTables().tableNames();

        assertThatCode(() -> new ResourceProvisioner(stack.clients()).provision(stack.resources())).doesNotThrowAnyException();

        assertThat(stack.clients().dynamoDb().listTables().tableNames()).isEqualTo(before);
        assertThat(stack.clients().s3().headBucket(request -> request.bucket(stack.resources().images().name()))
                .sdkHttpResponse().isSuccessful()).isTrue();
    }
}
