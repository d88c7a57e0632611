package com.atelier.local.credits;

import com.atelier.jobs.JobAttribution;
import com.atelier.accounts.Account;
import com.atelier.accounts.CreditService;
import com.atelier.accounts.Role;
import com.atelier.aws.capacity.ItemSize;
import com.atelier.aws.credits.DynamoDbCreditAccounts;
import com.atelier.aws.credits.DynamoDbLedger;
import com.atelier.billing.PackPurchase;
import com.atelier.jobs.JobIds;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.local.testing.MovableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account item's size as the heavy-account simulation computes it ({@link DynamoDbCreditAccounts#storedSizeBytes})
 * is the size of the item the server really holds after real debits and a refund. (The local server's own
 * consumed-capacity figures follow its approximation of the size rules, so they are not the reference here.)
 */
@ExtendWith(LocalStackExtension.class)
class AccountItemSizeIT {

    @Test
    void theSimulationsSizeOfAnAccountIsTheStoredItemsSize(LocalStack stack) {
        DynamoDbCreditAccounts accounts = new DynamoDbCreditAccounts(stack.clients().dynamoDb(),
                stack.clients().dynamoDbEnhanced(), stack.resources().accounts().name());
        CreditService credits = new CreditService(accounts,
                new DynamoDbLedger(stack.clients().dynamoDbEnhanced(), stack.resources().ledger().name()),
                new MovableClock(Instant.parse("2030-03-10T00:00:00Z")));
        String accountId = "acct-size-" + JobIds.random();
        credits.openAccount(accountId, Set.of(Role.USER), Optional.empty());
        credits.purchase(new PackPurchase("pi-" + accountId, accountId, 2));
        for (int job = 0; job < 200; job++) {
            credits.charge(accounts.find(accountId).orElseThrow(), JobIds.random(), 1);
        }
        credits.refund(accountId, accounts.find(accountId).orElseThrow().openDebits().keySet().iterator().next(),
                JobAttribution.accountOnly(JobAttribution.DALL_E_2));

        var stored = stack.clients().dynamoDb().getItem(request -> request.tableName(stack.resources().accounts().name())
                .key(Map.of("accountId", AttributeValue.fromS(accountId))).consistentRead(true));
        Account account = accounts.find(accountId).orElseThrow();

        assertThat(account.openDebits()).hasSize(199);
        assertThat(DynamoDbCreditAccounts.storedSizeBytes(account)).isEqualTo(ItemSize.bytes(stored.item()));
    }
}
