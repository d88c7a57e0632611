package com.atelier.testkit;

import com.atelier.grants.GrantApplication;
import com.atelier.grants.GrantApplicationRepository;

import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The grant applications table as a map. A decision is one {@link ConcurrentHashMap#computeIfPresent}
 * under the table's condition ({@code status = PENDING}). The creation moment is kept to the
 * millisecond, as the table keeps it; the decision's instants are kept whole, as the table's
 * {@code Instant.toString} keeps them.
 */
public final class InMemoryGrantApplicationRepository implements GrantApplicationRepository {

    private final Map<String, GrantApplication> applications = new ConcurrentHashMap<>();

    /** Replaces an application with the same id, as the table's unconditional put does. */
    @Override
    public void add(GrantApplication application) {
        applications.put(application.applicationId(), new GrantApplication(application.applicationId(),
                application.accountId(), application.statement(), application.portfolioUrl(), application.status(),
                application.createdAt().truncatedTo(ChronoUnit.MILLIS), Optional.empty()));
    }

    @Override
    public Optional<GrantApplication> find(String applicationId) {
        return Optional.ofNullable(applications.get(applicationId));
    }

    /** Oldest first, as the byStatus index is read forwards. */
    @Override
    public List<GrantApplication> listByStatus(GrantApplication.Status status, int limit) {
        return applications.values().stream().filter(application -> application.status() == status)
                .sorted(Comparator.comparing(GrantApplication::createdAt)).limit(limit).toList();
    }

    @Override
    public boolean recordDecision(GrantApplication decided) {
        GrantApplication.Decision decision = decided.decision()
                .orElseThrow(() -> new IllegalArgumentException("application " + decided.applicationId() + " carries no decision"));
        AtomicBoolean recorded = new AtomicBoolean();
        // A decision is taken once: it applies only to a still-pending application.
        applications.computeIfPresent(decided.applicationId(), (id, stored) -> {
            if (stored.status() != GrantApplication.Status.PENDING) {
                return stored;
            }
            recorded.set(true);
            return new GrantApplication(id, stored.accountId(), stored.statement(), stored.portfolioUrl(),
                    decided.status(), stored.createdAt(), Optional.of(decision));
        });
        return recorded.get();
    }
}
