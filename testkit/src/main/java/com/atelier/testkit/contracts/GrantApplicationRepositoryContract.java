package com.atelier.testkit.contracts;

import com.atelier.grants.GrantApplication;
import com.atelier.grants.GrantApplicationRepository;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The rules every {@link GrantApplicationRepository} keeps: applications listed by status oldest
 * first, and a decision recorded once. Ids are fresh per test, so a shared table serves all tests.
 */
public abstract class GrantApplicationRepositoryContract {

    /** A moment of its own per test, far from the others', for the listings across all accounts. */
    private final Instant now = Instant.parse("1990-01-01T00:00:00.250Z")
            .plus(Duration.ofMinutes(ThreadLocalRandom.current().nextLong(0, 5_000_000)));
    private final String accountId = "acct-" + UUID.randomUUID();

    protected abstract GrantApplicationRepository repository();

    private GrantApplication pending(Instant createdAt) {
        return GrantApplication.pending("grantapp_" + UUID.randomUUID(), accountId,
                "I paint large murals of coastal birds.", "https://example.com/portfolio", createdAt);
    }

    private GrantApplication added(Instant createdAt) {
        GrantApplication application = pending(createdAt);
        repository().add(application);
        return application;
    }

    private GrantApplication approval(GrantApplication application, String adminId, int credits) {
        return application.decided(GrantApplication.Status.APPROVED, new GrantApplication.Decision(now.plusSeconds(60),
                adminId, Optional.of(credits), Optional.of(now.plus(Duration.ofDays(90))), Optional.empty()));
    }

    private GrantApplication rejection(GrantApplication application, Optional<String> reason) {
        return application.decided(GrantApplication.Status.REJECTED,
                new GrantApplication.Decision(now.plusSeconds(30), "admin-2", Optional.empty(), Optional.empty(), reason));
    }

    @Test
    void anAddedApplicationIsFoundPending() {
        GrantApplication application = added(now);

        assertThat(repository().find(application.applicationId())).contains(application);
    }

    @Test
    void theCreationMomentIsKeptToTheMillisecond() {
        GrantApplication application = added(now.plusNanos(1_999_999));

        assertThat(repository().find(application.applicationId()).orElseThrow().createdAt()).isEqualTo(now.plusMillis(1));
    }

    @Test
    void anUnknownApplicationIsNotFound() {
        assertThat(repository().find("grantapp_unknown_" + UUID.randomUUID())).isEmpty();
    }

    @Test
    void anApprovalIsRecordedWithWhatWasGranted() {
        GrantApplication application = added(now);
        GrantApplication approved = approval(application, "admin-1", 500);

        assertThat(repository().recordDecision(approved)).isTrue();

        assertThat(repository().find(application.applicationId())).contains(approved);
    }

    @Test
    void aRejectionIsRecordedWithItsReasonOrWithout() {
        GrantApplication withReason = added(now);
        GrantApplication withoutReason = added(now);
        GrantApplication rejected = rejection(withReason, Optional.of("no portfolio pieces"));
        GrantApplication rejectedSilently = rejection(withoutReason, Optional.empty());

        assertThat(repository().recordDecision(rejected)).isTrue();
        assertThat(repository().recordDecision(rejectedSilently)).isTrue();

        assertThat(repository().find(withReason.applicationId())).contains(rejected);
        assertThat(repository().find(withoutReason.applicationId())).contains(rejectedSilently);
    }

    @Test
    void aSecondDecisionIsRefusedAndTheFirstIsKept() {
        GrantApplication application = added(now);
        GrantApplication approved = approval(application, "admin-1", 500);
        repository().recordDecision(approved);

        assertThat(repository().recordDecision(approval(application, "admin-3", 9_000))).isFalse();
        assertThat(repository().recordDecision(rejection(application, Optional.of("late")))).isFalse();

        assertThat(repository().find(application.applicationId())).contains(approved);
    }

    @Test
    void aDecisionOnAnUnknownApplicationIsRefusedAndCreatesNothing() {
        GrantApplication neverAdded = pending(now);

        assertThat(repository().recordDecision(approval(neverAdded, "admin-1", 500))).isFalse();

        assertThat(repository().find(neverAdded.applicationId())).isEmpty();
    }

    @Test
    void anApplicationWithoutADecisionIsNotRecordedAsOne() {
        GrantApplication application = added(now);
        GrantApplication noDecision = new GrantApplication(application.applicationId(), accountId, application.statement(),
                application.portfolioUrl(), GrantApplication.Status.APPROVED, application.createdAt(), Optional.empty());

        assertThatThrownBy(() -> repository().recordDecision(noDecision)).isInstanceOf(IllegalArgumentException.class);

        assertThat(repository().find(application.applicationId())).contains(application);
    }

    @Test
    void listByStatusAnswersTheOldestFirstUpToTheLimit() {
        // Older than every other test's applications, so these lead each status's list in a shared table.
        Instant base = now.minus(Duration.ofDays(20_000));
        GrantApplication older = added(base.plusSeconds(1));
        GrantApplication newest = added(base.plusSeconds(2));
        GrantApplication oldest = added(base);
        GrantApplication decided = added(base.minusSeconds(5));
        repository().recordDecision(approval(decided, "admin-1", 500));

        List<GrantApplication> firstTwo = repository().listByStatus(GrantApplication.Status.PENDING, 2);
        List<GrantApplication> firstApproved = repository().listByStatus(GrantApplication.Status.APPROVED, 1);

        assertThat(firstTwo).extracting(GrantApplication::applicationId)
                .containsExactly(oldest.applicationId(), older.applicationId());
        assertThat(firstApproved).extracting(GrantApplication::applicationId).containsExactly(decided.applicationId());
        assertThat(repository().listByStatus(GrantApplication.Status.PENDING, 3)).extracting(GrantApplication::applicationId)
                .containsExactly(oldest.applicationId(), older.applicationId(), newest.applicationId());
    }
}
