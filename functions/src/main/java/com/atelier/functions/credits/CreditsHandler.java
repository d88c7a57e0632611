package com.atelier.functions.credits;

import com.atelier.functions.wiring.Wiring;
import com.atelier.auth.Authenticator;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.accounts.Account;
import com.atelier.accounts.CreditService;
import com.atelier.credits.LedgerEntry;
import com.atelier.api.ApiFunction;
import com.atelier.functions.http.SnapStartPriming;
import com.atelier.credits.Balance;
import com.atelier.credits.CreditKind;
import com.atelier.functions.http.ApiHandler;
import com.atelier.functions.http.ApiRequest;
import com.atelier.functions.http.ApiResponses;
import com.atelier.credits.LowBalanceAlert;
import com.atelier.functions.http.ApiError;
import com.atelier.functions.http.JsonFields;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.Optional;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code GET /v1/credits} and {@code GET /v1/credits/ledger}: the caller's balance and history. */
public final class CreditsHandler extends ApiHandler {

    private static final int DEFAULT_PAGE = 20;
    private static final int MAX_PAGE = 100;
    private static final String LOW_BALANCE_THRESHOLD = "low_balance_threshold";

    private final Services services;

    /** What this function uses, and nothing else: its composition root is {@link #wire}. */
    public record Services(Authenticator authenticator, CreditService credits) {
        public static Services wire(Wiring wiring) {
            return new Services(wiring.authenticator(),
                    wiring.credits());
        }
    }

    public CreditsHandler() {
        this(Wiring.fromEnvironment());
    }

    private CreditsHandler(Wiring wiring) {
        this(Services.wire(wiring));
        SnapStartPriming.register(this, ApiFunction.CREDITS, wiring);
    }

    public CreditsHandler(Services services) {
        this.services = services;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Account caller = services.authenticator().authenticate(request.header("authorization").orElse(null));
        switch (request.routeKey()) {
            case "GET /v1/credits":
                return balance(caller);
            case "GET /v1/credits/ledger":
                return ledger(caller, request);
            case "GET /v1/credits/alerts":
                return alerts(services.credits().lowBalanceAlert(caller.accountId()));
            case "PUT /v1/credits/alerts":
                return alerts(services.credits().setLowBalanceAlert(caller.accountId(), lowBalanceAlert(request.jsonBody())));
            default:
                throw new IllegalStateException("no route " + request.routeKey() + " in " + getClass().getSimpleName());
        }
    }

    /** {@code low_balance_threshold}: credits, or null to hear no more of a low balance. */
    private static Optional<LowBalanceAlert> lowBalanceAlert(JsonNode body) {
        body.fieldNames().forEachRemaining(name -> {
            if (!name.equals(LOW_BALANCE_THRESHOLD)) {
                throw ApiError.invalidRequest(name, "Unrecognized request argument supplied: " + name);
            }
        });
        JsonNode threshold = body.get(LOW_BALANCE_THRESHOLD);
        if (threshold == null) {
            throw ApiError.missingParameter(LOW_BALANCE_THRESHOLD);
        }
        return threshold.isNull() ? Optional.empty() : Optional.of(new LowBalanceAlert(
                JsonFields.intIn(threshold, LOW_BALANCE_THRESHOLD, 1, LowBalanceAlert.MAX_THRESHOLD_CREDITS)));
    }

    private static APIGatewayV2HTTPResponse alerts(Optional<LowBalanceAlert> alert) {
        ObjectNode answer = ApiResponses.JSON.createObjectNode().put("object", "credit_alerts");
        alert.ifPresentOrElse(set -> answer.put(LOW_BALANCE_THRESHOLD, set.thresholdCredits()),
                () -> answer.putNull(LOW_BALANCE_THRESHOLD));
        return ApiResponses.json(200, answer);
    }

    private APIGatewayV2HTTPResponse balance(Account caller) {
        Balance balance = services.credits().balance(caller.accountId());
        ObjectNode answer = ApiResponses.JSON.createObjectNode()
                .put("object", "credit_balance")
                .put("total", balance.total())
                .put("next_free_refill", balance.nextFreeRefill().getEpochSecond());
        ObjectNode byKind = answer.putObject("by_kind");
        for (CreditKind kind : CreditKind.values()) {
            byKind.put(kind.name().toLowerCase(), balance.byKind().get(kind));
        }
        ArrayNode lots = answer.putArray("lots");
        balance.lots().forEach(lot -> lots.addObject()
                .put("id", lot.lotId())
                .put("kind", lot.kind().name().toLowerCase())
                .put("amount", lot.amount())
                .put("remaining", lot.remaining())
                .put("granted_at", lot.grantedAt().getEpochSecond())
                .put("expires_at", lot.expiresAt().getEpochSecond()));
        return ApiResponses.json(200, answer);
    }

    private APIGatewayV2HTTPResponse ledger(Account caller, ApiRequest request) {
        int limit = request.pageLimit(DEFAULT_PAGE, MAX_PAGE);
        CreditService.History page = services.credits().history(caller, limit, request.after());
        ObjectNode answer = ApiResponses.JSON.createObjectNode().put("object", "list");
        ArrayNode data = answer.putArray("data");
        page.pending().forEach(entry -> entry(data, entry, true));
        page.recorded().forEach(entry -> entry(data, entry, false));
        answer.put("has_more", page.nextCursor().isPresent());
        if (page.nextCursor().isPresent()) {
            answer.put("next_cursor", page.nextCursor().get());
        } else {
            answer.putNull("next_cursor");
        }
        return ApiResponses.json(200, answer);
    }

    /** pending: the debit of a job not finished yet, recorded in the ledger when it finishes. */
    private static void entry(ArrayNode data, LedgerEntry entry, boolean pending) {
        ObjectNode json = data.addObject()
                .put("id", entry.entryId())
                .put("object", "ledger_entry")
                .put("type", entry.type().name().toLowerCase())
                .put("reference", entry.reference())
                .put("credits", entry.credits())
                .put("created", entry.occurredAt().getEpochSecond())
                .put("pending", pending);
        ObjectNode lots = json.putObject("lots");
        entry.lotChanges().forEach(lots::put);
    }
}
