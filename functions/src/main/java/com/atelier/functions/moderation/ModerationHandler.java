package com.atelier.functions.moderation;

import com.atelier.functions.wiring.Wiring;
import com.atelier.auth.Authenticator;
import com.atelier.moderation.PromptModerator;
import com.atelier.review.ReviewQueue;
import java.time.Clock;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.accounts.Account;
import com.atelier.api.ApiFunction;
import com.atelier.functions.http.ApiError;
import com.atelier.functions.http.ApiHandler;
import com.atelier.functions.http.ApiRequest;
import com.atelier.functions.http.ApiResponses;
import com.atelier.functions.http.JsonFields;
import com.atelier.functions.http.SnapStartPriming;
import com.atelier.logging.JsonLog;
import com.atelier.moderation.ModerationCategory;
import com.atelier.moderation.ModerationDecision;
import com.atelier.review.Review;
import com.atelier.time.SortableInstant;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * {@code POST /v1/moderations} in OpenAI's shape, checking text against Atelier's content policy
 * (free, nothing recorded), and the admins' review queue of what the filters blocked or flagged.
 */
public final class ModerationHandler extends ApiHandler {

    static final int MAX_PROMPT_LENGTH = 1000;
    /**
     * The work one request may ask for: moderation is linear in the text, some 3 µs a character for
     * wordy input, so 32 prompts' worth stays near 0.1 s where a 1 MB body took seconds.
     */
    static final int MAX_INPUT_CHARACTERS = 32 * MAX_PROMPT_LENGTH;
    private static final int MAX_LIST = 100;
    private static final int MAX_NOTE_LENGTH = 2000;
    private static final Set<String> OUTCOMES = Set.of("dismissed", "upheld");

    private final Services services;

    /** What this function uses, and nothing else: its composition root is {@link #wire}. */
    public record Services(Authenticator authenticator, PromptModerator moderator, ReviewQueue reviews, Clock clock) {
        public static Services wire(Wiring wiring) {
            return new Services(wiring.authenticator(),
                    wiring.moderator(),
                    wiring.reviews(),
                    wiring.clock());
        }
    }

    public ModerationHandler() {
        this(Wiring.fromEnvironment());
    }

    private ModerationHandler(Wiring wiring) {
        this(Services.wire(wiring));
        SnapStartPriming.register(this, ApiFunction.MODERATION, wiring);
    }

    public ModerationHandler(Services services) {
        this.services = services;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        String authorization = request.header("authorization").orElse(null);
        switch (request.routeKey()) {
            case "POST /v1/moderations":
                services.authenticator().authenticate(authorization);
                return moderate(request.jsonBody());
            case "GET /v1/admin/reviews": {
                services.authenticator().authenticateAdmin(authorization);
                String status = request.query("status").orElse("open").toUpperCase(Locale.ROOT);
                if (!Set.of(Review.Status.OPEN.name(), Review.Status.RESOLVED.name()).contains(status)) {
                    throw ApiError.invalidRequest("status", "'status' must be open or resolved.");
                }
                ObjectNode answer = ApiResponses.JSON.createObjectNode().put("object", "list");
                ArrayNode data = answer.putArray("data");
                services.reviews().list(Review.Status.valueOf(status), MAX_LIST).forEach(item -> data.add(json(item)));
                return ApiResponses.json(200, answer);
            }
            case "POST /v1/admin/reviews/{id}/resolve": {
                Account admin = services.authenticator().authenticateAdmin(authorization);
                JsonNode body = request.jsonBody();
                String outcome = JsonFields.requiredText(body, "outcome");
                if (!OUTCOMES.contains(outcome)) {
                    throw ApiError.invalidRequest("outcome", "'outcome' must be dismissed or upheld.");
                }
                Review review = services.reviews().resolve(request.pathId("Review item"), admin.accountId(), outcome,
                        JsonFields.optionalText(body, "note", MAX_NOTE_LENGTH).orElse(null), services.clock().instant());
                JsonLog.info("review_resolved", JsonLog.fields().put("requestId", request.requestId()).put("audit", true)
                        .put("reviewId", review.reviewId()).put("adminId", admin.accountId()).put("outcome", outcome));
                return ApiResponses.json(200, json(review));
            }
            default:
                throw new IllegalStateException("no route " + request.routeKey() + " in " + getClass().getSimpleName());
        }
    }

    private APIGatewayV2HTTPResponse moderate(JsonNode body) {
        JsonNode input = body.get("input");
        if (input == null || input.isNull()) {
            throw ApiError.missingParameter("input");
        }
        ArrayNode texts = ApiResponses.JSON.createArrayNode();
        if (input.isTextual()) {
            texts.add(input.asText());
        } else if (input.isArray() && input.size() >= 1 && input.size() <= 32) {
            input.forEach(texts::add);
        } else {
            throw ApiError.invalidRequest("input", "'input' must be a string or a list of 1 to 32 strings.");
        }
        ObjectNode answer = ApiResponses.JSON.createObjectNode()
                .put("id", "modr-" + UUID.randomUUID().toString().replace("-", ""))
                .put("model", "atelier-policy-1");
        ArrayNode results = answer.putArray("results");
        long characters = 0;
        for (JsonNode text : texts) {
            if (!text.isTextual()) {
                throw ApiError.invalidRequest("input", "'input' must be a string or a list of 1 to 32 strings.");
            }
            characters += text.asText().length();
        }
        if (characters > MAX_INPUT_CHARACTERS) {
            throw ApiError.invalidRequest("input", "'input' may hold at most " + MAX_INPUT_CHARACTERS
                    + " characters in all: the policy is for prompts, of at most " + MAX_PROMPT_LENGTH + " characters each.");
        }
        for (JsonNode text : texts) {
            results.add(result(services.moderator().moderate(text.asText())));
        }
        return ApiResponses.json(200, answer);
    }

    private static ObjectNode result(ModerationDecision decision) {
        ObjectNode result = ApiResponses.JSON.createObjectNode()
                .put("flagged", decision instanceof ModerationDecision.Blocked);
        ObjectNode categories = result.putObject("categories");
        ObjectNode scores = result.putObject("category_scores");
        for (ModerationCategory category : ModerationCategory.values()) {
            boolean hit = decision instanceof ModerationDecision.Blocked blocked
                    && blocked.findings().stream().anyMatch(finding -> finding.category() == category);
            categories.put(category.label(), hit);
            scores.put(category.label(), hit ? 1.0 : 0.0);
        }
        if (decision instanceof ModerationDecision.Blocked blocked) {
            ArrayNode evidence = result.putArray("evidence");
            blocked.findings().forEach(finding -> evidence.addObject()
                    .put("category", finding.category().label())
                    .put("listed", finding.listed())
                    .put("text", finding.matchedText()));
        }
        return result;
    }

    private static ObjectNode json(Review review) {
        ObjectNode json = ApiResponses.JSON.createObjectNode()
                .put("id", review.reviewId())
                .put("object", "review_item")
                .put("kind", review.kind().name().toLowerCase(Locale.ROOT))
                .put("account_id", review.accountId())
                .put("status", review.status().name().toLowerCase(Locale.ROOT))
                .put("created_at", SortableInstant.format(review.createdAt()));
        review.category().ifPresent(category -> json.put("category", category));
        ArrayNode evidence = json.putArray("evidence");
        review.evidence().forEach(evidence::add);
        review.prompt().ifPresent(prompt -> json.put("prompt", prompt));
        review.resolution().ifPresent(resolution -> json.put("outcome", resolution.outcome())
                .put("resolved_by", resolution.resolvedBy())
                .put("resolved_at", SortableInstant.format(resolution.resolvedAt())));
        return json;
    }
}
