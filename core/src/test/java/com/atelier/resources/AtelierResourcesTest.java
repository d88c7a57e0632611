package com.atelier.resources;

import com.atelier.config.AtelierConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtelierResourcesTest {

    private final AtelierResources resources = AtelierResources.of(AtelierConfig.from(Map.of("ATELIER_STAGE", "dev")));

    @Test
    void everyTableAndQueueIsNamedForItsStage() {
        assertThat(resources.tables()).extracting(TableDefinition::name).allMatch(name -> name.startsWith("atelier-dev-"));
        assertThat(resources.queues()).extracting(QueueDefinition::name).allMatch(name -> name.startsWith("atelier-dev-"));
        assertThat(resources.tables()).extracting(TableDefinition::name).doesNotHaveDuplicates();
    }

    @Test
    void theJobsQueueRedrivesToItsDeadLetterQueueAfterAtLeastFiveReceives() {
        QueueDefinition.DeadLetterTarget target = resources.jobsQueue().deadLetter().orElseThrow();

        assertThat(target.queueName()).isEqualTo(resources.jobsDeadLetterQueue().name());
        assertThat(target.maxReceiveCount()).isGreaterThanOrEqualTo(5);
        assertThat(resources.jobsDeadLetterQueue().deadLetter()).isEmpty();
    }

    @Test
    void deadLetterQueuesComeBeforeTheQueuesThatRedriveToThem() {
        List<String> order = resources.queues().stream().map(QueueDefinition::name).toList();

        for (QueueDefinition queue : resources.queues()) {
            queue.deadLetter().ifPresent(target ->
                    assertThat(order.indexOf(target.queueName())).isLessThan(order.indexOf(queue.name())));
        }
    }

    @Test
    void theDeadLetterQueueLeavesItsLambdaConsumerSixTimesItsTimeout() {
        Duration refundFunctionTimeout = Duration.ofSeconds(30);

        assertThat(resources.jobsDeadLetterQueue().visibilityTimeout())
                .isGreaterThanOrEqualTo(refundFunctionTimeout.multipliedBy(6));
    }

    @Test
    void listingsAreKeyedForNewestFirstQueries() {
        GlobalIndex byAccount = resources.jobs().globalIndexes().stream()
                .filter(index -> index.name().equals("byAccount")).findFirst().orElseThrow();

        assertThat(byAccount.partitionKey()).isEqualTo(KeyAttribute.string("accountId"));
        assertThat(byAccount.sortKey()).contains(KeyAttribute.string("createdAt"));
    }

    @Test
    void keyAttributesAreListedOnceEvenWhenIndexesShareThem() {
        TableDefinition table = new TableDefinition("t", KeyAttribute.string("id"), Optional.empty(),
                List.of(GlobalIndex.of("a", KeyAttribute.string("owner"), KeyAttribute.string("createdAt")),
                        GlobalIndex.of("b", KeyAttribute.string("status"), KeyAttribute.string("createdAt"))),
                Optional.empty(), "test");

        assertThat(table.keyAttributes()).extracting(KeyAttribute::name)
                .containsExactly("id", "owner", "createdAt", "status");
    }

    @Test
    void aKeyDeclaredWithTwoTypesIsRefused() {
        assertThatThrownBy(() -> new TableDefinition("t", KeyAttribute.string("id"), Optional.empty(),
                List.of(new GlobalIndex("a", new KeyAttribute("id", KeyAttribute.Type.NUMBER), Optional.empty())),
                Optional.empty(), "test"))
                .hasMessageContaining("both STRING and NUMBER");
    }

    @Test
    void queueSettingsOutsideSqsLimitsAreRefused() {
        assertThatThrownBy(() -> new QueueDefinition("q", Duration.ofHours(13), Duration.ofDays(1),
                Duration.ZERO, Optional.empty(), "test"))
                .hasMessageContaining("visibilityTimeout");
        assertThatThrownBy(() -> new QueueDefinition("q", Duration.ZERO, Duration.ofDays(1),
                Duration.ofSeconds(21), Optional.empty(), "test"))
                .hasMessageContaining("receiveWait");
    }
}
