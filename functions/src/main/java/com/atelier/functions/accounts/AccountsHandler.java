package com.atelier.functions.accounts;

import com.atelier.functions.wiring.Wiring;
import com.atelier.auth.Authenticator;
import com.atelier.accounts.CreditAccounts;
import com.atelier.accounts.CreditService;
import com.atelier.budgets.BudgetScope;
import com.atelier.budgets.BudgetService;
import java.time.Clock;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.accounts.Account;
import com.atelier.accounts.AccountStatus;
import com.atelier.accounts.LedgerAudit;
import com.atelier.accounts.ApiKey;
import com.atelier.accounts.ApiKeyStore;
import com.atelier.accounts.Role;
import com.atelier.api.ApiFunction;
import com.atelier.functions.http.ApiError;
import com.atelier.functions.http.ApiHandler;
import com.atelier.functions.http.ApiRequest;
import com.atelier.functions.http.ApiResponses;
import com.atelier.functions.http.JsonFields;
import com.atelier.functions.http.SnapStartPriming;
import com.atelier.logging.JsonLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/** Accounts and API keys: the admin's account creation and grants, and each user's own keys and budgets. */
public final class AccountsHandler extends ApiHandler {

    private static final int MAX_KEY_NAME_LENGTH = 100;

    private final Services services;
    private final BudgetRequests budgets;

    /** What this function uses, and nothing else: its composition root is {@link #wire}. */
    public record Services(Authenticator authenticator, CreditAccounts accounts, ApiKeyStore apiKeys, CreditService credits, LedgerAudit ledgerAudit, BudgetService budgets, Clock clock) {
        public static Services wire(Wiring wiring) {
            return new Services(wiring.authenticator(),
                    wiring.creditAccounts(),
                    wiring.apiKeys(),
                    wiring.credits(),
                    wiring.ledgerAudit(),
                    wiring.budgets(),
                    wiring.clock());
        }
    }

    public AccountsHandler() {
        this(Wiring.fromEnvironment());
    }

    private AccountsHandler(Wiring wiring) {
        this(Services.wire(wiring));
        SnapStartPriming.register(this, ApiFunction.ACCOUNTS, wiring);
    }

    public AccountsHandler(Services services) {
        this.services = services;
        this.budgets = new BudgetRequests(services.budgets(), services.apiKeys(), services.clock());
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        String authorization = request.header("authorization").orElse(null);
        switch (request.routeKey()) {
            case "POST /v1/admin/accounts":
                services.authenticator().authenticateAdmin(authorization);
                return createAccount(request.jsonBody());
            case "POST /v1/admin/accounts/{id}/grants":
                services.authenticator().authenticateAdmin(authorization);
                return grant(request.pathId("Account"), request.jsonBody());
            case "POST /v1/admin/accounts/{id}/status": {
                Account admin = services.authenticator().authenticateAdmin(authorization);
                Account changed = setStatus(request.pathId("Account"), request.jsonBody());
                JsonLog.info("account_status_set", JsonLog.fields().put("requestId", request.requestId()).put("audit", true)
                        .put("accountId", changed.accountId()).put("adminId", admin.accountId())
                        .put("status", changed.status().name()));
                return ApiResponses.json(200, accountJson(changed));
            }
            case "GET /v1/admin/accounts/{id}/audit":
                services.authenticator().authenticateAdmin(authorization);
                return audit(request.pathId("Account"));
            case "GET /v1/keys":
                return listKeys(services.authenticator().authenticate(authorization));
            case "POST /v1/keys":
                return createKey(services.authenticator().authenticate(authorization), request.jsonBody());
            case "DELETE /v1/keys/{id}":
                return revokeKey(services.authenticator().authenticate(authorization), request.pathId("API key"));
            case "PATCH /v1/keys/{id}":
                return budgets.patchKey(services.authenticator().authenticate(authorization), request.pathId("API key"),
                        request.jsonBody());
            case "GET /v1/budgets":
                return budgets.list(services.authenticator().authenticate(authorization));
            case "PUT /v1/budgets/account":
                return budgets.put(services.authenticator().authenticate(authorization), BudgetScope.account(), request.jsonBody());
            case "GET /v1/budgets/account":
                return budgets.get(services.authenticator().authenticate(authorization), BudgetScope.account());
            case "DELETE /v1/budgets/account":
                return budgets.delete(services.authenticator().authenticate(authorization), BudgetScope.account());
            case "PUT /v1/budgets/users/{user}":
                return budgets.put(services.authenticator().authenticate(authorization), BudgetRequests.endUser(request),
                        request.jsonBody());
            case "GET /v1/budgets/users/{user}":
                return budgets.get(services.authenticator().authenticate(authorization), BudgetRequests.endUser(request));
            case "DELETE /v1/budgets/users/{user}":
                return budgets.delete(services.authenticator().authenticate(authorization), BudgetRequests.endUser(request));
            default:
                throw new IllegalStateException("no route " + request.routeKey() + " in " + getClass().getSimpleName());
        }
    }

    private APIGatewayV2HTTPResponse createAccount(JsonNode body) {
        Set<Role> roles = EnumSet.of(Role.USER);
        JsonNode requested = body.get("roles");
        if (requested != null && !requested.isNull()) {
            if (!requested.isArray()) {
                throw ApiError.invalidRequest("roles", "'roles' must be a list of 'user' and 'admin'.");
            }
            for (JsonNode role : requested) {
                if (!role.isTextual() || !Set.of("user", "admin").contains(role.asText())) {
                    throw ApiError.invalidRequest("roles", "'roles' must be a list of 'user' and 'admin'.");
                }
                roles.add(Role.valueOf(role.asText().toUpperCase()));
            }
        }
        String accountId = "acct_" + UUID.randomUUID().toString().replace("-", "");
        services.credits().openAccount(accountId, roles, Optional.empty());
        ApiKeyStore.CreatedKey key = services.apiKeys().create(accountId, "first key", services.clock().instant());
        Account account = services.accounts().find(accountId).orElseThrow();
        ObjectNode answer = accountJson(account);
        answer.set("api_key", keyJson(key.key()).put("key", key.secret()));
        return ApiResponses.json(201, answer);
    }

    private APIGatewayV2HTTPResponse grant(String accountId, JsonNode body) {
        if (services.accounts().find(accountId).isEmpty()) {
            throw ApiError.notFound("Account '" + accountId + "'");
        }
        int credits = JsonFields.requiredInt(body, "credits", 1, 100_000);
        Instant expiresAt = JsonFields.requiredInstant(body, "expires_at");
        if (!expiresAt.isAfter(services.clock().instant())) {
            throw ApiError.invalidRequest("expires_at", "'expires_at' must be in the future.");
        }
        String grantId = JsonFields.optionalId(body, "grant_id")
                .orElseGet(() -> "grant_" + UUID.randomUUID().toString().replace("-", ""));
        CreditService.Grant grant = services.credits().grant(accountId, grantId, credits, expiresAt);
        return ApiResponses.json(grant.created() ? 201 : 200, ApiResponses.JSON.createObjectNode()
                .put("object", "credit_grant")
                .put("id", grantId)
                .put("account_id", accountId)
                .put("credits", grant.lot().amount())
                .put("expires_at", grant.lot().expiresAt().getEpochSecond()));
    }

    private Account setStatus(String accountId, JsonNode body) {
        String value = JsonFields.requiredText(body, "status");
        AccountStatus status;
        try {
            status = AccountStatus.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.invalidRequest("status", "'status' must be active or suspended.");
        }
        if (!services.accounts().setStatus(accountId, status)) {
            throw ApiError.notFound("Account '" + accountId + "'");
        }
        return services.accounts().find(accountId).orElseThrow();
    }

    /** Rebuilds the account's lots from its ledger and compares them with the account item. */
    private APIGatewayV2HTTPResponse audit(String accountId) {
        if (services.accounts().find(accountId).isEmpty()) {
            throw ApiError.notFound("Account '" + accountId + "'");
        }
        services.credits().reconcile(accountId);
        LedgerAudit.Result result = services.ledgerAudit().check(accountId);
        ObjectNode answer = ApiResponses.JSON.createObjectNode()
                .put("object", "credit_audit")
                .put("account_id", accountId)
                .put("consistent", result.consistent())
                .put("ledger_balance", result.ledgerBalance())
                .put("item_balance", result.itemBalance());
        ObjectNode lots = answer.putObject("lots");
        Set<String> lotIds = new TreeSet<>(result.fromLedger().keySet());
        lotIds.addAll(result.inItem().keySet());
        lotIds.forEach(lot -> lots.putObject(lot)
                .put("ledger", result.fromLedger().getOrDefault(lot, 0))
                .put("item", result.inItem().getOrDefault(lot, 0)));
        return ApiResponses.json(200, answer);
    }

    private APIGatewayV2HTTPResponse listKeys(Account caller) {
        ObjectNode answer = ApiResponses.JSON.createObjectNode().put("object", "list");
        ArrayNode data = answer.putArray("data");
        services.apiKeys().list(caller.accountId()).forEach(key -> data.add(keyJson(key)));
        return ApiResponses.json(200, answer);
    }

    private APIGatewayV2HTTPResponse createKey(Account caller, JsonNode body) {
        String name = JsonFields.optionalText(body, "name").orElse("unnamed key");
        if (name.length() > MAX_KEY_NAME_LENGTH) {
            throw ApiError.invalidRequest("name", "'name' must be at most " + MAX_KEY_NAME_LENGTH + " characters.");
        }
        ApiKeyStore.CreatedKey key = services.apiKeys().create(caller.accountId(), name, services.clock().instant());
        return ApiResponses.json(201, keyJson(key.key()).put("key", key.secret()));
    }

    private APIGatewayV2HTTPResponse revokeKey(Account caller, String keyId) {
        if (!services.apiKeys().revoke(caller.accountId(), keyId, services.clock().instant())) {
            throw ApiError.notFound("API key '" + keyId + "'");
        }
        return ApiResponses.json(200, ApiResponses.JSON.createObjectNode()
                .put("id", keyId).put("object", "api_key").put("deleted", true));
    }

    private static ObjectNode accountJson(Account account) {
        ObjectNode json = ApiResponses.JSON.createObjectNode()
                .put("id", account.accountId())
                .put("object", "account")
                .put("created", account.createdAt().getEpochSecond())
                .put("status", account.status().name().toLowerCase());
        ArrayNode roles = json.putArray("roles");
        account.roles().stream().map(role -> role.name().toLowerCase()).sorted().forEach(roles::add);
        return json;
    }

    private static ObjectNode keyJson(ApiKey key) {
        ObjectNode json = ApiResponses.JSON.createObjectNode()
                .put("id", key.keyId())
                .put("object", "api_key")
                .put("name", key.name())
                .put("prefix", key.displayPrefix())
                .put("created", key.createdAt().getEpochSecond());
        if (key.revokedAt().isPresent()) {
            json.put("revoked_at", key.revokedAt().get().getEpochSecond());
        } else {
            json.putNull("revoked_at");
        }
        return json;
    }
}
