package com.atelier.moderation;

import com.atelier.review.ReviewQueue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The content policy for one prompt, before any charge: moderate it; a blocked prompt goes to the
 * review queue with its evidence, and an account that trips the filter repeatedly within a window is
 * flagged for review; an allowed one may be revised for diversity. Every decision is audit-logged as
 * one JSON line (without the prompt of a blocked request).
 */
public final class ContentScreening {

    /** Blocked prompts within {@link #REPEAT_WINDOW} after which the account is flagged. */
    public static final int REPEAT_THRESHOLD = 5;
    public static final Duration REPEAT_WINDOW = Duration.ofHours(24);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PromptModerator moderator;
    private final PromptReviser reviser;
    private final ReviewQueue reviews;
    private final Clock clock;

    public ContentScreening(PromptModerator moderator, PromptReviser reviser, ReviewQueue reviews, Clock clock) {
        this.moderator = moderator;
        this.reviser = reviser;
        this.reviews = reviews;
        this.clock = clock;
    }

    /** The outcome: the decision, and for an allowed prompt its diversity revision if any. */
    public record Screening(ModerationDecision decision, Optional<String> revisedPrompt) {
        public boolean allowed() {
            return decision instanceof ModerationDecision.Allowed;
        }
    }

    public Screening screen(String accountId, String requestId, String prompt, long seed) {
        ModerationDecision decision = moderator.moderate(prompt);
        Instant now = clock.instant();
        if (decision instanceof ModerationDecision.Blocked blocked) {
            List<String> evidence = blocked.findings().stream()
                    .map(finding -> finding.category().label() + ": " + finding.listed() + " (\"" + finding.matchedText() + "\")")
                    .toList();
            reviews.open(reviewId(accountId, requestId), ReviewQueue.BLOCKED_PROMPT, accountId,
                    blocked.category().label(), evidence, prompt, now);
            audit("prompt_blocked", accountId, requestId, JSON.createObjectNode()
                    .put("category", blocked.category().label()).put("findings", blocked.findings().size()));
            flagIfRepeated(accountId, now);
            return new Screening(decision, Optional.empty());
        }
        Optional<String> revised = reviser.revise(prompt, seed);
        audit("prompt_allowed", accountId, requestId, JSON.createObjectNode().put("revised", revised.isPresent()));
        return new Screening(decision, revised);
    }

    private void flagIfRepeated(String accountId, Instant now) {
        int recent = reviews.countSince(accountId, ReviewQueue.BLOCKED_PROMPT, now.minus(REPEAT_WINDOW));
        if (recent >= REPEAT_THRESHOLD) {
            // One flag per account and day: the id names both, so more blocks that day add nothing.
            String day = now.truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);
            reviews.open("flag-" + accountId + "-" + day, ReviewQueue.ACCOUNT_FLAG, accountId, null,
                    List.of(recent + " blocked prompts within " + REPEAT_WINDOW.toHours() + " hours"), null, now);
            audit("account_flagged", accountId, null, JSON.createObjectNode().put("blockedPrompts", recent));
        }
    }

    /** Deterministic per request, so a retried request does not queue its prompt twice. */
    private static String reviewId(String accountId, String requestId) {
        return "review-" + UUID.nameUUIDFromBytes((accountId + "\n" + requestId).getBytes(StandardCharsets.UTF_8));
    }

    /** One JSON line on standard output, which Lambda sends to CloudWatch Logs. */
    private void audit(String event, String accountId, String requestId, ObjectNode fields) {
        ObjectNode line = JSON.createObjectNode()
                .put("time", clock.instant().toString())
                .put("level", "INFO")
                .put("audit", true)
                .put("event", event)
                .put("accountId", accountId);
        if (requestId != null) {
            line.put("requestId", requestId);
        }
        line.setAll(fields);
        System.out.println(line);
    }
}
