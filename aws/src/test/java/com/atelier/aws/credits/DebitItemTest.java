package com.atelier.aws.credits;

import com.atelier.accounts.OpenDebit;
import com.atelier.credits.CreditKind;
import com.atelier.credits.Draw;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Open debits are stored lean, and debits written before that still read as they were. */
class DebitItemTest {

    private static final TableSchema<DebitItem> SCHEMA = TableSchema.fromBean(DebitItem.class);
    private static final Instant TAKEN = Instant.parse("2030-03-10T09:30:00Z");
    private static final Instant EXPIRES = Instant.parse("2030-04-10T00:00:00Z");

    @Test
    void aDebitStoredWithFullLotCopiesReadsAsTheSameDebit() {
        Map<String, AttributeValue> earlierLayout = Map.of(
                "credits", AttributeValue.fromN("2"),
                "takenAt", AttributeValue.fromN(Long.toString(TAKEN.toEpochMilli())),
                "draws", AttributeValue.fromM(Map.of("free-0", AttributeValue.fromM(Map.of(
                        "kind", AttributeValue.fromS("FREE"),
                        "amount", AttributeValue.fromN("2"),
                        "remaining", AttributeValue.fromN("2"),
                        "grantedAt", AttributeValue.fromN(Long.toString(TAKEN.toEpochMilli())),
                        "expiresAt", AttributeValue.fromN(Long.toString(EXPIRES.toEpochMilli())))))),
                "restoredTo", AttributeValue.fromM(Map.of()));

        OpenDebit debit = SCHEMA.mapToItem(earlierLayout).toOpenDebit(Map.of());

        assertThat(debit).isEqualTo(OpenDebit.taken(List.of(new Draw("free-0", CreditKind.FREE, EXPIRES, 2)), TAKEN));
    }

    @Test
    void aDebitKeepsOnlyWhatARefundNeedsAndRoundTrips() {
        OpenDebit refunded = new OpenDebit(List.of(new Draw("paid-pi-1", CreditKind.PAID, EXPIRES, 1)), TAKEN,
                Optional.of(TAKEN.plusSeconds(60)), Map.of("paid-pi-1", "paid-pi-1"));

        Map<String, AttributeValue> stored = SCHEMA.itemToMap(DebitItem.of(refunded), true);

        assertThat(stored).containsOnlyKeys("takenAt", "draws", "refundedAt", "restoredTo");
        assertThat(stored.get("draws").m().get("paid-pi-1").m()).containsOnlyKeys("kind", "amount", "expiresAt");
        assertThat(SCHEMA.mapToItem(stored).toOpenDebit(Map.of())).isEqualTo(refunded);
        assertThat(SCHEMA.itemToMap(DebitItem.of(OpenDebit.taken(refunded.draws(), TAKEN)), true))
                .containsOnlyKeys("takenAt", "draws");
    }
}
