package com.atelier.accounts;

import com.atelier.credits.CreditLot;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** An account as the rest of the system sees it, read from its item. */
public record Account(String accountId, Instant createdAt, Set<Role> roles, AccountStatus status,
                      Optional<String> oidcSubject, int freePeriod, List<CreditLot> lots,
                      Map<String, DebitItem> openDebits, Map<String, Long> closedDebits) {

    public static Account of(AccountItem item) {
        List<CreditLot> lots = new ArrayList<>();
        item.getLots().forEach((lotId, lot) -> lots.add(lot.toLot(lotId)));
        return new Account(item.getAccountId(), Instant.ofEpochMilli(item.getCreatedAt()),
                item.getRoles().stream().map(Role::valueOf).collect(Collectors.toUnmodifiableSet()),
                AccountStatus.valueOf(item.getStatus()), Optional.ofNullable(item.getOidcSubject()),
                item.getFreePeriod(), List.copyOf(lots), Map.copyOf(item.getDebits()), Map.copyOf(item.getClosedDebits()));
    }

    public boolean isAdmin() {
        return roles.contains(Role.ADMIN);
    }

    public boolean isActive() {
        return status == AccountStatus.ACTIVE;
    }

    /** Whether this job has paid already: its debit is open, or closed within the replay window. */
    public boolean hasPaidFor(String jobId) {
        return openDebits.containsKey(jobId) || closedDebits.containsKey(jobId);
    }
}
