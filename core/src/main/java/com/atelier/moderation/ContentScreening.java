package com.atelier.moderation;

import com.atelier.logging.JsonLog;
import com.atelier.moderation.faces.FaceDetector;
import com.atelier.review.Review;
import com.atelier.review.ReviewQueue;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The content policy for one request, before any charge: moderate its prompt and check its uploads
 * for realistic faces; a refusal goes to the review queue with its evidence, and an account that
 * trips the filters repeatedly within a window is flagged for review; an allowed prompt may be
 * revised for diversity. Every decision is audit-logged as one JSON line (without the prompt of a
 * blocked request).
 */
public final class ContentScreening {

    /** Blocked prompts within {@link #REPEAT_WINDOW} after which the account is flagged. */
    public static final int REPEAT_THRESHOLD = 5;
    public static final Duration REPEAT_WINDOW = Duration.ofHours(24);
    /** The review category of an upload refused for showing a person. */
    public static final String REALISTIC_FACE = "realistic-face";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PromptModerator moderator;
    private final PromptReviser reviser;
    private final Supplier<FaceDetector> faces;
    private final ReviewQueue reviews;
    private final Clock clock;

    /** @param faces the face detector, asked for on the first upload (loading OpenCV costs a second) */
    public ContentScreening(PromptModerator moderator, PromptReviser reviser, Supplier<FaceDetector> faces,
                            ReviewQueue reviews, Clock clock) {
        this.moderator = moderator;
        this.reviser = reviser;
        this.faces = faces;
        this.reviews = reviews;
        this.clock = clock;
    }

    /** The outcome for an uploaded image: allowed, or refused for the realistic faces it shows. */
    public record UploadScreening(List<FaceDetector.Face> faces) {
        public UploadScreening {
            faces = List.copyOf(faces);
        }

        public boolean allowed() {
            return faces.isEmpty();
        }
    }

    /**
     * Refuses an upload (the image of an edit or variation) that shows a realistic human face; a
     * refusal goes to the review queue like a blocked prompt.
     *
     * @param image the upload as decoded once by its validation
     */
    public UploadScreening screenUpload(String accountId, String requestId, BufferedImage image) {
        List<FaceDetector.Face> found = faces.get().detect(image);
        if (found.isEmpty()) {
            audit("upload_allowed", accountId, requestId, JSON.createObjectNode());
            return new UploadScreening(found);
        }
        List<String> evidence = found.stream()
                .map(face -> "face at " + face.x() + "," + face.y() + " size " + face.width() + "x" + face.height()).toList();
        reviews.open(reviewId(accountId, requestId + "/upload"), Review.Kind.BLOCKED_UPLOAD, accountId,
                REALISTIC_FACE, evidence, null, clock.instant());
        audit("upload_blocked", accountId, requestId, JSON.createObjectNode().put("faces", found.size()));
        flagIfRepeated(accountId, clock.instant());
        return new UploadScreening(found);
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
            reviews.open(reviewId(accountId, requestId), Review.Kind.BLOCKED_PROMPT, accountId,
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

    /** A finished job some of whose images the model's safety checker flagged (and withheld): one review per job. */
    public void recordFlaggedOutputs(String accountId, String jobId, int flaggedImages) {
        Instant now = clock.instant();
        reviews.open(reviewId(accountId, jobId + "/output"), Review.Kind.FLAGGED_OUTPUT, accountId, "unsafe-output",
                List.of("job " + jobId + ": " + flaggedImages + " image(s) flagged by the model's safety checker"), null, now);
        audit("output_flagged", accountId, null, JSON.createObjectNode().put("jobId", jobId).put("images", flaggedImages));
        flagIfRepeated(accountId, now);
    }

    private void flagIfRepeated(String accountId, Instant now) {
        int recent = reviews.countSince(accountId,
                Set.of(Review.Kind.BLOCKED_PROMPT, Review.Kind.BLOCKED_UPLOAD, Review.Kind.FLAGGED_OUTPUT), now.minus(REPEAT_WINDOW));
        if (recent >= REPEAT_THRESHOLD) {
            // One flag per account and day: the id names both, so more blocks that day add nothing.
            String day = now.truncatedTo(ChronoUnit.DAYS).toString().substring(0, 10);
            reviews.open("flag-" + accountId + "-" + day, Review.Kind.ACCOUNT_FLAG, accountId, null,
                    List.of(recent + " blocked requests within " + REPEAT_WINDOW.toHours() + " hours"), null, now);
            audit("account_flagged", accountId, null, JSON.createObjectNode().put("blockedPrompts", recent));
        }
    }

    /** Deterministic per request, so a retried request does not queue its prompt twice. */
    private static String reviewId(String accountId, String requestId) {
        return "review-" + UUID.nameUUIDFromBytes((accountId + "\n" + requestId).getBytes(StandardCharsets.UTF_8));
    }

    private void audit(String event, String accountId, String requestId, ObjectNode fields) {
        ObjectNode line = JsonLog.fields().put("audit", true).put("accountId", accountId);
        if (requestId != null) {
            line.put("requestId", requestId);
        }
        JsonLog.info(event, line.setAll(fields));
    }
}
