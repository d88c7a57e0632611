package com.atelier.functions.accounts;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.accounts.Account;
import com.atelier.accounts.ApiKeyStore;
import com.atelier.budgets.Budget;
import com.atelier.budgets.BudgetMonth;
import com.atelier.budgets.BudgetScope;
import com.atelier.budgets.BudgetService;
import com.atelier.budgets.Enforcement;
import com.atelier.functions.http.ApiError;
import com.atelier.functions.http.ApiRequest;
import com.atelier.functions.http.ApiResponses;
import com.atelier.functions.http.JsonFields;
import com.atelier.jobs.JobAttribution;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The budget routes of the accounts function (docs/budgets.md): {@code /v1/budgets…} for the account
 * and its end users, and {@code PATCH /v1/keys/{id}} for a key's. Each parses, calls
 * {@link BudgetService}, and answers the budget as it now stands.
 */
final class BudgetRequests {

    /** The most credits a month's limit may name: far above any real month, and within an int's sums. */
    private static final int MAX_MONTHLY_CREDIT_LIMIT = 100_000_000;

    private final BudgetService budgets;
    private final ApiKeyStore apiKeys;
    private final Clock clock;

    BudgetRequests(BudgetService budgets, ApiKeyStore apiKeys, Clock clock) {
        this.budgets = budgets;
        this.apiKeys = apiKeys;
        this.clock = clock;
    }

    APIGatewayV2HTTPResponse list(Account caller) {
        ObjectNode answer = ApiResponses.JSON.createObjectNode().put("object", "list");
        ArrayNode data = answer.putArray("data");
        budgets.list(caller).forEach(budget -> data.add(json(budget)));
        return ApiResponses.json(200, answer);
    }

    APIGatewayV2HTTPResponse get(Account caller, BudgetScope scope) {
        return ApiResponses.json(200, json(budgets.find(caller, scope).orElseThrow(() -> notFound(scope))));
    }

    /** {@code PUT}: {@code monthly_credit_limit} (required), {@code enforcement} and {@code thresholds}. */
    APIGatewayV2HTTPResponse put(Account caller, BudgetScope scope, JsonNode body) {
        int limit = JsonFields.requiredInt(body, "monthly_credit_limit", 1, MAX_MONTHLY_CREDIT_LIMIT);
        return ApiResponses.json(200, json(budgets.set(caller, scope, limit, enforcement(body, "enforcement"),
                thresholds(body, "thresholds"))));
    }

    APIGatewayV2HTTPResponse delete(Account caller, BudgetScope scope) {
        if (!budgets.remove(caller, scope)) {
            throw notFound(scope);
        }
        return ApiResponses.json(200, ApiResponses.JSON.createObjectNode().put("object", "budget")
                .put("scope", scope.kind().wireName()).put("scope_id", scope.id()).put("deleted", true));
    }

    /**
     * {@code PATCH /v1/keys/{id}}: {@code monthly_credit_limit} sets the key's budget ({@code null}
     * removes it), with {@code budget_enforcement} and {@code budget_thresholds}.
     */
    APIGatewayV2HTTPResponse patchKey(Account caller, String keyId, JsonNode body) {
        if (apiKeys.list(caller.accountId()).stream().noneMatch(key -> key.keyId().equals(keyId) && key.active())) {
            throw ApiError.notFound("API key '" + keyId + "'");
        }
        BudgetScope scope = BudgetScope.apiKey(keyId);
        JsonNode limit = body.get("monthly_credit_limit");
        if (limit == null) {
            throw ApiError.missingParameter("monthly_credit_limit");
        }
        ObjectNode answer = ApiResponses.JSON.createObjectNode().put("id", keyId).put("object", "api_key");
        if (limit.isNull()) {
            budgets.remove(caller, scope);
            answer.putNull("budget");
        } else {
            Budget budget = budgets.set(caller, scope, JsonFields.intIn(limit, "monthly_credit_limit", 1, MAX_MONTHLY_CREDIT_LIMIT),
                    enforcement(body, "budget_enforcement"), thresholds(body, "budget_thresholds"));
            answer.set("budget", json(budget));
        }
        return ApiResponses.json(200, answer);
    }

    /** The end user of a {@code /v1/budgets/users/{user}} route, as the Images API's {@code user} field allows it. */
    static BudgetScope endUser(ApiRequest request) {
        String user = request.pathParameter("user");
        if (user.isEmpty() || user.length() > JobAttribution.MAX_END_USER_CHARACTERS) {
            throw ApiError.invalidRequest("user", "'user' must have 1 to " + JobAttribution.MAX_END_USER_CHARACTERS
                    + " characters.");
        }
        return BudgetScope.endUser(user);
    }

    private ObjectNode json(Budget budget) {
        String month = BudgetMonth.of(clock.instant());
        ObjectNode json = ApiResponses.JSON.createObjectNode()
                .put("object", "budget")
                .put("scope", budget.scope().kind().wireName())
                .put("scope_id", budget.scope().id())
                .put("monthly_credit_limit", budget.monthlyCreditLimit())
                .put("enforcement", budget.enforcement().wireName());
        ArrayNode thresholds = json.putArray("thresholds");
        budget.thresholdsPercent().forEach(thresholds::add);
        return json.put("month", month)
                .put("spent_credits", budget.spentIn(month))
                .put("remaining_credits", budget.remainingIn(month));
    }

    private static ApiError notFound(BudgetScope scope) {
        return ApiError.notFound("A budget for " + scope.describe());
    }

    private static Enforcement enforcement(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Enforcement.HARD;
        }
        if (!value.isTextual() || !List.of("hard", "soft").contains(value.asText())) {
            throw ApiError.invalidRequest(field, "'" + field + "' must be 'hard' or 'soft'.");
        }
        return Enforcement.valueOf(value.asText().toUpperCase(Locale.ROOT));
    }

    private static List<Integer> thresholds(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Budget.DEFAULT_THRESHOLDS_PERCENT;
        }
        if (!value.isArray() || value.size() > Budget.MAX_THRESHOLDS) {
            throw ApiError.invalidRequest(field, "'" + field + "' must be a list of at most " + Budget.MAX_THRESHOLDS
                    + " percentages from 1 to 100.");
        }
        List<Integer> percents = new ArrayList<>();
        value.forEach(percent -> percents.add(JsonFields.intIn(percent, field, 1, 100)));
        return percents;
    }
}
