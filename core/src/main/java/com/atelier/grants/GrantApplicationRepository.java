package com.atelier.grants;

import java.util.List;
import java.util.Optional;

/** Where grant applications and their decisions are kept. */
public interface GrantApplicationRepository {

    /** Stores a new (pending) application. */
    void add(GrantApplication application);

    Optional<GrantApplication> find(String applicationId);

    /** Applications with this status, oldest first, as a review queue is worked; at most {@code limit}. */
    List<GrantApplication> listByStatus(GrantApplication.Status status, int limit);

    /**
     * Records the decision carried by {@code decided} on the application while it is still pending;
     * false when it was decided already (by anyone), and then nothing changes.
     */
    boolean recordDecision(GrantApplication decided);
}
