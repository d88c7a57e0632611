package com.atelier.testkit.contracts;

import com.atelier.accounts.Ledger;
import com.atelier.credits.LedgerEntry;
import com.atelier.credits.LedgerEntryType;
import com.atelier.jobs.JobAttribution;
import com.atelier.paging.PageCursor;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What every {@link Ledger} keeps: one entry per fact, newest first in pages, every entry for the audit. */
public abstract class LedgerContract {

    private final Instant now = Instant.parse("2030-03-10T09:30:00.250Z");
    private final String accountId = "acct-" + UUID.randomUUID();

    protected abstract Ledger ledger();

    private LedgerEntry debit(String jobId, Instant at, int credits) {
        return new LedgerEntry(accountId, LedgerEntryType.DEBIT, jobId, at, Map.of("free-0", -credits),
                Optional.of(new JobAttribution(Optional.of("key_1"), Optional.of("end-user-7"), JobAttribution.DALL_E_2)));
    }

    @Test
    void aRecordedEntryIsContainedAndListed() {
        LedgerEntry entry = debit("job-1", now, 2);

        ledger().record(entry);

        assertThat(ledger().contains(accountId, entry.entryId())).isTrue();
        assertThat(ledger().contains(accountId, "debit#job-2")).isFalse();
        assertThat(ledger().contains("acct-other-" + UUID.randomUUID(), entry.entryId())).isFalse();
        assertThat(ledger().all(accountId)).containsExactly(entry);
    }

    @Test
    void recordingTheSameFactAgainLeavesOneEntry() {
        LedgerEntry entry = debit("job-1", now, 2);

        ledger().record(entry);
        ledger().record(entry);

        assertThat(ledger().all(accountId)).containsExactly(entry);
        assertThat(ledger().page(accountId, 10, Optional.empty()).entries()).containsExactly(entry);
    }

    @Test
    void allHoldsEveryEntryOfTheAccountAndNoOther() {
        LedgerEntry grant = new LedgerEntry(accountId, LedgerEntryType.FREE_GRANT, "free-0", now, Map.of("free-0", 50));
        LedgerEntry debit = debit("job-1", now.plusSeconds(1), 2);
        LedgerEntry refund = new LedgerEntry(accountId, LedgerEntryType.REFUND, "job-1", now.plusSeconds(2), Map.of("free-0", 2),
                Optional.of(JobAttribution.accountOnly(JobAttribution.DALL_E_2)));
        ledger().record(grant);
        ledger().record(debit);
        ledger().record(refund);
        ledger().record(new LedgerEntry("acct-other-" + UUID.randomUUID(), LedgerEntryType.DEBIT, "job-9", now, Map.of("x", -1)));

        assertThat(ledger().all(accountId)).containsExactlyInAnyOrder(grant, debit, refund);
    }

    @Test
    void pagesRunNewestFirstAndTheCursorContinuesWhereThePageEnded() {
        for (int i = 0; i < 5; i++) {
            ledger().record(debit("job-" + i, now.plusSeconds(i), 1));
        }

        Ledger.LedgerPage first = ledger().page(accountId, 2, Optional.empty());
        Ledger.LedgerPage second = ledger().page(accountId, 2, first.nextCursor());
        Ledger.LedgerPage third = ledger().page(accountId, 2, second.nextCursor());

        assertThat(first.entries()).extracting(LedgerEntry::reference).containsExactly("job-4", "job-3");
        assertThat(second.entries()).extracting(LedgerEntry::reference).containsExactly("job-2", "job-1");
        assertThat(third.entries()).extracting(LedgerEntry::reference).containsExactly("job-0");
        assertThat(third.nextCursor()).isEmpty();
    }

    @Test
    void entriesOfTheSameMillisecondAreAllListedOnce() {
        for (int i = 0; i < 4; i++) {
            ledger().record(debit("job-" + i, now, 1));
        }

        Ledger.LedgerPage first = ledger().page(accountId, 3, Optional.empty());
        Ledger.LedgerPage second = ledger().page(accountId, 3, first.nextCursor());

        assertThat(first.entries()).hasSize(3);
        assertThat(List.of(first.entries(), second.entries()).stream().flatMap(List::stream).map(LedgerEntry::reference))
                .containsExactlyInAnyOrder("job-0", "job-1", "job-2", "job-3");
    }

    @Test
    void anotherAccountsOrAForgedCursorIsRefused() {
        for (int i = 0; i < 3; i++) {
            ledger().record(debit("job-" + i, now.plusSeconds(i), 1));
        }
        String cursor = ledger().page(accountId, 1, Optional.empty()).nextCursor().orElseThrow();
        String forged = PageCursor.encode(Map.of("accountId", accountId, "entryId", "debit#job-1"));

        assertThatThrownBy(() -> ledger().page("acct-other-" + UUID.randomUUID(), 1, Optional.of(cursor)))
                .isInstanceOf(PageCursor.InvalidCursorException.class);
        assertThatThrownBy(() -> ledger().page(accountId, 1, Optional.of(forged)))
                .isInstanceOf(PageCursor.InvalidCursorException.class);
        assertThatThrownBy(() -> ledger().page(accountId, 1, Optional.of("%%%")))
                .isInstanceOf(PageCursor.InvalidCursorException.class);
    }

    @Test
    void anAccountWithoutEntriesHasAnEmptyHistory() {
        assertThat(ledger().all(accountId)).isEmpty();
        assertThat(ledger().page(accountId, 5, Optional.empty()).entries()).isEmpty();
    }
}
