package com.atelier.accounts;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atelier.jobs.JobAttribution;
import com.atelier.credits.ExpiredGrantReplayException;

import com.atelier.credits.CreditKind;
import com.atelier.credits.CreditLot;
import com.atelier.credits.LedgerEntry;
import com.atelier.credits.LedgerEntryType;
import com.atelier.testkit.InMemoryServices;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Charge, settle and refund on the in-memory adapters; the ledger audit agrees with the account after each. */
class CreditServiceTest {

    private final InMemoryServices atelier = new InMemoryServices(Instant.parse("2030-03-10T09:30:00Z"));
    private final String accountId = "acct-1";
    private static final JobAttribution MADE_BY_KEY = new JobAttribution(Optional.of("key_1"), Optional.of("end-user-7"),
            JobAttribution.DALL_E_2);

    private void assertAuditConsistent() {
        LedgerAudit.Result result = atelier.audit.check(accountId);
        assertThat(result.consistent()).as("%s", result).isTrue();
        assertThat(result.ledgerBalance()).isEqualTo(result.itemBalance());
    }

    private List<LedgerEntry> entries(LedgerEntryType type) {
        return atelier.ledger.all(accountId).stream().filter(entry -> entry.type() == type).toList();
    }

    @Test
    void aChargeTakesTheCreditsOnceForAJob() {
        Account account = atelier.openAccount(accountId);

        CreditService.Charge first = atelier.credits.charge(account, "job-1", 3);
        CreditService.Charge again = atelier.credits.charge(account, "job-1", 3);

        assertThat(first.alreadyPaid()).isFalse();
        assertThat(again.alreadyPaid()).isTrue();
        assertThat(again.draws()).isEqualTo(first.draws());
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(47);
        assertAuditConsistent();
    }

    @Test
    void settlingWritesTheDebitEntryNamingWhoSpentAndClosesTheDebit() {
        Account account = atelier.openAccount(accountId);
        atelier.credits.charge(account, "job-1", 3);

        atelier.credits.settle(accountId, "job-1", MADE_BY_KEY);
        atelier.credits.settle(accountId, "job-1", MADE_BY_KEY);

        assertThat(entries(LedgerEntryType.DEBIT)).singleElement().satisfies(entry -> {
            assertThat(entry.credits()).isEqualTo(-3);
            assertThat(entry.attribution()).contains(MADE_BY_KEY);
        });
        assertThat(atelier.account(accountId).openDebits()).isEmpty();
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(47);
        assertAuditConsistent();
    }

    @Test
    void aRefundRestoresExactlyWhatWasTaken() {
        Account account = atelier.openAccount(accountId);
        List<CreditLot> before = atelier.account(accountId).lots();
        atelier.credits.charge(account, "job-1", 3);
        assertAuditConsistent();

        assertThat(atelier.credits.refund(accountId, "job-1", MADE_BY_KEY)).isTrue();

        assertThat(atelier.account(accountId).lots()).isEqualTo(before);
        assertThat(atelier.account(accountId).openDebits()).isEmpty();
        assertThat(entries(LedgerEntryType.DEBIT)).singleElement()
                .satisfies(entry -> assertThat(entry.attribution()).contains(MADE_BY_KEY));
        assertThat(entries(LedgerEntryType.REFUND)).singleElement().satisfies(entry -> {
            assertThat(entry.credits()).isEqualTo(3);
            assertThat(entry.attribution()).contains(MADE_BY_KEY);
        });
        assertAuditConsistent();
    }

    @Test
    void aSecondRefundDoesNothing() {
        Account account = atelier.openAccount(accountId);
        atelier.credits.charge(account, "job-1", 3);
        atelier.credits.refund(accountId, "job-1", JobAttribution.accountOnly(JobAttribution.DALL_E_2));
        int entries = atelier.ledger.all(accountId).size();

        assertThat(atelier.credits.refund(accountId, "job-1", JobAttribution.accountOnly(JobAttribution.DALL_E_2))).isFalse();

        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(50);
        assertThat(atelier.ledger.all(accountId)).hasSize(entries);
        assertAuditConsistent();
    }

    @Test
    void aJobNeverChargedIsNotRefunded() {
        atelier.openAccount(accountId);

        assertThat(atelier.credits.refund(accountId, "job-never", JobAttribution.accountOnly(JobAttribution.DALL_E_2))).isFalse();
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(50);
    }

    @Test
    void aRefundIntoAnExpiredLotMakesANewLot() {
        Account account = atelier.openAccount(accountId);
        Instant grantExpiry = atelier.clock.instant().plus(Duration.ofHours(1));
        atelier.credits.grant(accountId, "g1", 5, grantExpiry);
        CreditService.Charge charge = atelier.credits.charge(atelier.account(accountId), "job-1", 2);
        assertThat(charge.draws()).singleElement().satisfies(draw -> assertThat(draw.lotId()).isEqualTo("grant-g1"));
        atelier.clock.set(grantExpiry.plusSeconds(1));

        assertThat(atelier.credits.refund(accountId, "job-1", JobAttribution.accountOnly(JobAttribution.DALL_E_2))).isTrue();

        CreditLot replacement = atelier.account(accountId).lots().stream()
                .filter(lot -> lot.lotId().equals("refund-job-1-grant-g1")).findFirst().orElseThrow();
        assertThat(replacement.kind()).isEqualTo(CreditKind.GRANT);
        assertThat(replacement.remaining()).isEqualTo(2);
        assertThat(replacement.expiresAt()).isEqualTo(grantExpiry.plusSeconds(1).plus(CreditService.REFUND_LOT_VALIDITY));
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(52);
        assertThat(entries(LedgerEntryType.EXPIRY)).singleElement()
                .satisfies(entry -> assertThat(entry.credits()).isEqualTo(-3));
        assertAuditConsistent();
        assertThat(account.accountId()).isEqualTo(accountId);
    }

    @Test
    void aReplayedGrantIdGrantsNothingAndAnswersWhatWasGranted() {
        atelier.openAccount(accountId);
        Instant expiry = atelier.clock.instant().plus(Duration.ofDays(30));
        CreditService.Grant first = atelier.credits.grant(accountId, "g1", 5, expiry);

        CreditService.Grant replay = atelier.credits.grant(accountId, "g1", 500, expiry.plus(Duration.ofDays(300)));

        assertThat(first.created()).isTrue();
        assertThat(replay.created()).isFalse();
        assertThat(replay.lot().amount()).isEqualTo(5);
        assertThat(replay.lot().expiresAt()).isEqualTo(first.lot().expiresAt());
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(55);
        assertAuditConsistent();
    }

    @Test
    void aGrantIdReplayedAfterItsGrantExpiredIsRefusedAndGrantsNothing() {
        atelier.openAccount(accountId);
        Instant expiry = atelier.clock.instant().plus(Duration.ofHours(1));
        atelier.credits.grant(accountId, "g1", 5, expiry);
        atelier.clock.set(expiry.plusSeconds(1));
        int balance = atelier.credits.balance(accountId).total();

        assertThatThrownBy(() -> atelier.credits.grant(accountId, "g1", 5, expiry.plus(Duration.ofDays(1))))
                .isInstanceOf(ExpiredGrantReplayException.class);
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(balance);
        assertAuditConsistent();
    }
}
