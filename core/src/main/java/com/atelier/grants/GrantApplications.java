package com.atelier.grants;

import com.atelier.accounts.CreditService;
import com.atelier.time.SortableInstant;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Expression;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryEnhancedRequest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Subsidized access: an artist applies with a statement and a portfolio; an admin approves (the grant
 * lot and its ledger entry are created) or rejects. A decision is taken once.
 */
public final class GrantApplications {

    private static final TableSchema<GrantApplicationItem> SCHEMA = TableSchema.fromBean(GrantApplicationItem.class);
    static final int MIN_STATEMENT_LENGTH = 20;
    static final int MAX_STATEMENT_LENGTH = 5000;
    static final int MAX_GRANT_CREDITS = 100_000;
    static final Duration MAX_GRANT_VALIDITY = Duration.ofDays(3 * 366);

    private final DynamoDbTable<GrantApplicationItem> table;
    private final CreditService credits;
    private final Clock clock;

    public GrantApplications(DynamoDbEnhancedClient client, String tableName, CreditService credits, Clock clock) {
        this.table = client.table(tableName, SCHEMA);
        this.credits = credits;
        this.clock = clock;
    }

    public GrantApplication apply(String accountId, String statement, String portfolioUrl) {
        if (statement == null || statement.isBlank()) {
            throw new InvalidGrantApplicationException("statement", "A statement is required.");
        }
        if (statement.strip().length() < MIN_STATEMENT_LENGTH || statement.length() > MAX_STATEMENT_LENGTH) {
            throw new InvalidGrantApplicationException("statement", "The statement must be " + MIN_STATEMENT_LENGTH + " to "
                    + MAX_STATEMENT_LENGTH + " characters.");
        }
        if (portfolioUrl == null || portfolioUrl.isBlank()) {
            throw new InvalidGrantApplicationException("portfolio_url", "A portfolio URL is required.");
        }
        if (!isWebUrl(portfolioUrl)) {
            throw new InvalidGrantApplicationException("portfolio_url", "The portfolio URL must be an http or https URL.");
        }
        GrantApplicationItem item = new GrantApplicationItem();
        item.setApplicationId("grantapp_" + UUID.randomUUID().toString().replace("-", ""));
        item.setAccountId(accountId);
        item.setStatement(statement.strip());
        item.setPortfolioUrl(portfolioUrl);
        item.setStatus(GrantApplication.Status.PENDING.name());
        item.setCreatedAt(SortableInstant.format(clock.instant()));
        table.putItem(item);
        return GrantApplication.of(item);
    }

    /** Applications with this status, oldest first, as a review queue is worked. */
    public List<GrantApplication> list(GrantApplication.Status status, int limit) {
        return table.index("byStatus").query(QueryEnhancedRequest.builder()
                        .queryConditional(QueryConditional.keyEqualTo(Key.builder().partitionValue(status.name()).build()))
                        .limit(limit).build())
                .stream().findFirst().map(page -> page.items().stream().map(GrantApplication::of).toList())
                .orElse(List.of());
    }

    /** Grants the credits (once per application, however often this is called) and records the decision. */
    public GrantApplication approve(String applicationId, String adminId, int grantCredits, Instant expiresAt) {
        Instant now = clock.instant();
        if (grantCredits < 1 || grantCredits > MAX_GRANT_CREDITS) {
            throw new InvalidGrantApplicationException("credits", "A grant gives 1 to " + MAX_GRANT_CREDITS + " credits.");
        }
        if (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_GRANT_VALIDITY))) {
            throw new InvalidGrantApplicationException("expires_at", "A grant expires in the future, within three years.");
        }
        GrantApplicationItem item = pending(applicationId);
        credits.grant(item.getAccountId(), applicationId, grantCredits, expiresAt);
        item.setStatus(GrantApplication.Status.APPROVED.name());
        item.setGrantedCredits(grantCredits);
        item.setGrantExpiresAt(expiresAt.toString());
        return decide(item, adminId, now);
    }

    public GrantApplication reject(String applicationId, String adminId, String reason) {
        GrantApplicationItem item = pending(applicationId);
        item.setStatus(GrantApplication.Status.REJECTED.name());
        item.setRejectionReason(reason == null || reason.isBlank() ? null : reason.strip());
        return decide(item, adminId, clock.instant());
    }

    private GrantApplicationItem pending(String applicationId) {
        GrantApplicationItem item = table.getItem(request -> request
                .key(Key.builder().partitionValue(applicationId).build()).consistentRead(true));
        if (item == null) {
            throw new GrantApplicationNotFoundException(applicationId);
        }
        if (!GrantApplication.Status.PENDING.name().equals(item.getStatus())) {
            throw new AlreadyDecidedException("This application was already " + item.getStatus().toLowerCase() + ".");
        }
        return item;
    }

    private GrantApplication decide(GrantApplicationItem item, String adminId, Instant now) {
        item.setDecidedAt(now.toString());
        item.setDecidedBy(adminId);
        try {
            // A decision is taken once: the update applies only to a still-pending application.
            table.putItem(request -> request.item(item).conditionExpression(Expression.builder()
                    .expression("#status = :pending")
                    .expressionNames(Map.of("#status", "status"))
                    .expressionValues(Map.of(":pending", AttributeValue.fromS(GrantApplication.Status.PENDING.name())))
                    .build()));
        } catch (ConditionalCheckFailedException decidedMeanwhile) {
            throw new AlreadyDecidedException("This application was decided by someone else meanwhile.");
        }
        return GrantApplication.of(item);
    }

    private static boolean isWebUrl(String value) {
        try {
            URI uri = URI.create(value);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && value.length() <= 2048;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
