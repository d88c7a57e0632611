package com.atelier.grants;

import com.atelier.credits.CreditKind;
import com.atelier.credits.CreditLot;
import com.atelier.credits.LedgerEntry;
import com.atelier.credits.LedgerEntryType;
import com.atelier.testkit.InMemoryServices;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Applying for a grant and an admin's single decision on it, on the in-memory adapters. */
class GrantApplicationsTest {

    private static final String STATEMENT = "I paint large murals of coastal birds.";
    private static final String PORTFOLIO = "https://example.com/portfolio";

    private final InMemoryServices atelier = new InMemoryServices(Instant.parse("2030-03-10T09:30:00.123456Z"));
    private final String accountId = "artist-1";
    /** Whole milliseconds: the lot keeps its expiry to the millisecond, as the accounts table does. */
    private final Instant inNinetyDays = Instant.parse("2030-06-08T09:30:00Z");

    private GrantApplication applied() {
        atelier.openAccount(accountId);
        return atelier.grants.apply(accountId, STATEMENT, PORTFOLIO);
    }

    private List<CreditLot> grantLots() {
        return atelier.account(accountId).lots().stream().filter(lot -> lot.kind() == CreditKind.GRANT).toList();
    }

    private List<LedgerEntry> grantEntries() {
        return atelier.ledger.all(accountId).stream().filter(entry -> entry.type() == LedgerEntryType.GRANT).toList();
    }

    @Test
    void anApplicationIsRecordedPendingWithItsStatementStripped() {
        atelier.openAccount(accountId);

        GrantApplication application = atelier.grants.apply(accountId, "  " + STATEMENT + "\n", PORTFOLIO);

        assertThat(application.status()).isEqualTo(GrantApplication.Status.PENDING);
        assertThat(application.statement()).isEqualTo(STATEMENT);
        assertThat(application.createdAt()).isEqualTo(Instant.parse("2030-03-10T09:30:00.123Z"));
        assertThat(atelier.grants.list(GrantApplication.Status.PENDING, 10)).containsExactly(application);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "too short to judge", "nineteen characters   "})
    void aMissingOrShortStatementIsRefused(String statement) {
        assertThatThrownBy(() -> atelier.grants.apply(accountId, statement, PORTFOLIO))
                .isInstanceOfSatisfying(InvalidGrantApplicationException.class,
                        refused -> assertThat(refused.field()).isEqualTo("statement"));
        assertThat(atelier.grants.list(GrantApplication.Status.PENDING, 10)).isEmpty();
    }

    @Test
    void aStatementOverFiveThousandCharactersIsRefused() {
        assertThatThrownBy(() -> atelier.grants.apply(accountId, "a".repeat(5001), PORTFOLIO))
                .isInstanceOfSatisfying(InvalidGrantApplicationException.class,
                        refused -> assertThat(refused.field()).isEqualTo("statement"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"ftp://example.com/portfolio", "example.com/portfolio", "https://", "http://exa mple.com"})
    void aPortfolioThatIsNotAWebAddressIsRefused(String portfolioUrl) {
        assertThatThrownBy(() -> atelier.grants.apply(accountId, STATEMENT, portfolioUrl))
                .isInstanceOfSatisfying(InvalidGrantApplicationException.class,
                        refused -> assertThat(refused.field()).isEqualTo("portfolio_url"));
    }

    @Test
    void anApprovalGrantsTheCreditsAndRecordsTheDecision() {
        GrantApplication application = applied();

        GrantApplication approved = atelier.grants.approve(application.applicationId(), "admin-1", 500, inNinetyDays);

        assertThat(approved.status()).isEqualTo(GrantApplication.Status.APPROVED);
        assertThat(approved.decision()).contains(new GrantApplication.Decision(Instant.parse("2030-03-10T09:30:00.123Z"),
                "admin-1", Optional.of(500), Optional.of(inNinetyDays), Optional.empty()));
        assertThat(atelier.grants.list(GrantApplication.Status.APPROVED, 10)).containsExactly(approved);
        assertThat(grantLots()).singleElement().satisfies(lot -> {
            assertThat(lot.remaining()).isEqualTo(500);
            assertThat(lot.expiresAt()).isEqualTo(inNinetyDays);
        });
        assertThat(grantEntries()).singleElement().satisfies(entry -> assertThat(entry.credits()).isEqualTo(500));
        assertThat(atelier.credits.balance(accountId).total()).isEqualTo(550);
    }

    @Test
    void aSecondApprovalIsRefusedAndGrantsNothingMore() {
        GrantApplication application = applied();
        GrantApplication approved = atelier.grants.approve(application.applicationId(), "admin-1", 500, inNinetyDays);

        assertThatThrownBy(() -> atelier.grants.approve(application.applicationId(), "admin-2", 900, inNinetyDays))
                .isInstanceOf(AlreadyDecidedException.class);

        assertThat(grantLots()).hasSize(1);
        assertThat(grantEntries()).hasSize(1);
        assertThat(atelier.applications.find(application.applicationId())).contains(approved);
    }

    @Test
    void aRejectionRecordsItsReasonAndGrantsNothing() {
        GrantApplication application = applied();

        GrantApplication rejected = atelier.grants.reject(application.applicationId(), "admin-1", "  no pieces shown ");

        assertThat(rejected.status()).isEqualTo(GrantApplication.Status.REJECTED);
        assertThat(rejected.rejectionReason()).contains("no pieces shown");
        assertThat(rejected.grantedCredits()).isEmpty();
        assertThat(atelier.applications.find(application.applicationId())).contains(rejected);
        assertThat(grantLots()).isEmpty();
    }

    @Test
    void aBlankRejectionReasonIsRecordedAsNone() {
        GrantApplication application = applied();

        assertThat(atelier.grants.reject(application.applicationId(), "admin-1", " ").rejectionReason()).isEmpty();
    }

    @Test
    void aRejectedApplicationIsNeverApproved() {
        GrantApplication application = applied();
        atelier.grants.reject(application.applicationId(), "admin-1", null);

        assertThatThrownBy(() -> atelier.grants.approve(application.applicationId(), "admin-2", 500, inNinetyDays))
                .isInstanceOf(AlreadyDecidedException.class);

        assertThat(grantLots()).isEmpty();
        assertThat(grantEntries()).isEmpty();
    }

    @Test
    void anApprovalOutsideTheGrantBoundsIsRefusedBeforeAnythingChanges() {
        GrantApplication application = applied();
        Instant now = atelier.clock.instant();
        String id = application.applicationId();

        assertThatThrownBy(() -> atelier.grants.approve(id, "admin-1", 0, inNinetyDays))
                .isInstanceOfSatisfying(InvalidGrantApplicationException.class, e -> assertThat(e.field()).isEqualTo("credits"));
        assertThatThrownBy(() -> atelier.grants.approve(id, "admin-1", 100_001, inNinetyDays))
                .isInstanceOfSatisfying(InvalidGrantApplicationException.class, e -> assertThat(e.field()).isEqualTo("credits"));
        assertThatThrownBy(() -> atelier.grants.approve(id, "admin-1", 500, now))
                .isInstanceOfSatisfying(InvalidGrantApplicationException.class, e -> assertThat(e.field()).isEqualTo("expires_at"));
        assertThatThrownBy(() -> atelier.grants.approve(id, "admin-1", 500, now.plus(Duration.ofDays(3 * 366 + 1))))
                .isInstanceOfSatisfying(InvalidGrantApplicationException.class, e -> assertThat(e.field()).isEqualTo("expires_at"));

        assertThat(atelier.applications.find(id)).contains(application);
        assertThat(grantLots()).isEmpty();
    }

    @Test
    void anUnknownApplicationIsNotFound() {
        assertThatThrownBy(() -> atelier.grants.reject("grantapp_unknown", "admin-1", null))
                .isInstanceOfSatisfying(GrantApplicationNotFoundException.class,
                        notFound -> assertThat(notFound.applicationId()).isEqualTo("grantapp_unknown"));
    }
}
