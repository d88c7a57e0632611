package com.atelier.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.auth.AccountSuspendedException;
import com.atelier.auth.AdminOnlyException;
import com.atelier.auth.InvalidApiKeyException;
import com.atelier.auth.InvalidTokenException;
import com.atelier.auth.MissingCredentialsException;
import com.atelier.billing.WebhookPayloadException;
import com.atelier.billing.WebhookSignatureException;
import com.atelier.budgets.BudgetExceededException;
import com.atelier.budgets.BudgetLimitException;
import com.atelier.credits.CreditContentionException;
import com.atelier.credits.ExpiredGrantReplayException;
import com.atelier.credits.InsufficientCreditsException;
import com.atelier.logging.JsonLog;
import com.atelier.credits.TooManyOpenJobsException;
import com.atelier.grants.AlreadyDecidedException;
import com.atelier.grants.GrantApplicationNotFoundException;
import com.atelier.grants.InvalidGrantApplicationException;
import com.atelier.images.ImageJobs;
import com.atelier.images.UploadedImage;
import com.atelier.jobs.JobAdmission;
import com.atelier.models.ModelCard;
import com.atelier.paging.PageCursor;
import com.atelier.review.AlreadyResolvedException;
import com.atelier.review.ReviewItemNotFoundException;
import com.atelier.webhooks.InvalidWebhookException;
import com.atelier.webhooks.WebhookNotFoundException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The one place where a failure becomes an answer: an {@link ApiError} a handler threw is answered as
 * it is; each refusal of the domain is answered with the one status and OpenAI error code it stands
 * for; anything else is a 500 that names the request id and tells nothing of its cause. Bad input is
 * always a 4xx: a refusal that reaches the last branch is a missing line here, not a server error.
 */
public final class ErrorMapping {

    /** OpenAI's words for a refusal of its safety system; nothing is charged for a refused request. */
    private static final String SAFETY_SYSTEM = "Your request was rejected as a result of our safety system. ";

    private ErrorMapping() {
    }

    public static APIGatewayV2HTTPResponse answer(RuntimeException failure, String requestId) {
        return ApiResponses.error(toApiError(failure, requestId));
    }

    static ApiError toApiError(RuntimeException failure, String requestId) {
        if (failure instanceof ApiError error) {
            return error;
        }
        // Who is calling.
        if (failure instanceof MissingCredentialsException) {
            return ApiError.missingApiKey();
        }
        if (failure instanceof InvalidApiKeyException invalid) {
            return ApiError.invalidApiKey(invalid.shownKey());
        }
        if (failure instanceof InvalidTokenException) {
            return ApiError.invalidToken();
        }
        if (failure instanceof AccountSuspendedException) {
            return ApiError.accountSuspended();
        }
        if (failure instanceof AdminOnlyException) {
            return ApiError.adminOnly();
        }
        // What they asked for.
        if (failure instanceof UploadedImage.InvalidUploadException invalid) {
            return ApiError.invalidRequest(invalid.field(), invalid.getMessage());
        }
        if (failure instanceof PageCursor.InvalidCursorException) {
            return ApiError.invalidRequest("after", "The cursor is not one this API returned.");
        }
        if (failure instanceof InvalidGrantApplicationException invalid) {
            return ApiError.invalidRequest(invalid.field(), invalid.getMessage());
        }
        if (failure instanceof WebhookSignatureException invalid) {
            JsonLog.warn("webhook_signature_refused", JsonLog.fields().put("requestId", requestId).put("reason", invalid.getMessage()));
            return ApiError.invalidSignature(invalid.getMessage());
        }
        if (failure instanceof WebhookPayloadException invalid) {
            return ApiError.invalidRequest(null, invalid.getMessage());
        }
        if (failure instanceof ImageJobs.PromptRefusedException refused) {
            return ApiError.contentPolicyViolation(SAFETY_SYSTEM + "Your prompt may contain text that is not allowed by our"
                    + " content policy (" + refused.category() + ").");
        }
        if (failure instanceof ImageJobs.UnknownWordsException unknown) {
            ModelCard model = unknown.model();
            return ApiError.promptOutsideVocabulary("The model '" + model.id() + "' knows none of the words of this"
                    + " prompt, so it would draw nothing you asked for; nothing was charged. It draws " + model.domain()
                    + ", with these words: " + String.join(", ", model.vocabulary().words())
                    + ". GET /v1/models/" + model.id() + " describes it.");
        }
        if (failure instanceof ImageJobs.UploadRefusedException) {
            return ApiError.contentPolicyViolation(SAFETY_SYSTEM
                    + "Your image may show a realistic human face, which uploads may not.");
        }
        if (failure instanceof InvalidWebhookException invalid) {
            return ApiError.invalidRequest(invalid.field(), invalid.getMessage());
        }
        if (failure instanceof WebhookNotFoundException missing) {
            return ApiError.notFound(missing.what());
        }
        if (failure instanceof GrantApplicationNotFoundException missing) {
            return ApiError.notFound("Grant application '" + missing.applicationId() + "'");
        }
        if (failure instanceof ReviewItemNotFoundException missing) {
            return ApiError.notFound("Review item '" + missing.reviewId() + "'");
        }
        if (failure instanceof ExpiredGrantReplayException replay) {
            return ApiError.conflict("grant_id", "Grant '" + replay.grantId() + "' was made before and has expired;"
                    + " nothing more was granted. Use a new grant_id for a new grant.");
        }
        if (failure instanceof AlreadyDecidedException || failure instanceof AlreadyResolvedException) {
            return ApiError.conflict(null, failure.getMessage());
        }
        if (failure instanceof JobAdmission.ConflictingRequestException) {
            return ApiError.conflict("Idempotency-Key", "This Idempotency-Key was used with a different request.");
        }
        if (failure instanceof TooManyOpenJobsException tooMany) {
            return ApiError.tooManyOpenJobs(tooMany.limit());
        }
        if (failure instanceof BudgetExceededException) {
            return ApiError.budgetExceeded(capitalized(failure.getMessage()));
        }
        if (failure instanceof BudgetLimitException) {
            return ApiError.invalidRequest(null, capitalized(failure.getMessage()) + ".");
        }
        if (failure instanceof InsufficientCreditsException) {
            return ApiError.insufficientQuota(capitalized(failure.getMessage()));
        }
        // Nothing stays charged after these: the debit is not taken, or is given back when the queue refuses the job.
        if (failure instanceof CreditContentionException || failure instanceof JobAdmission.QueueUnavailableException) {
            JsonLog.warn("unavailable", JsonLog.fields().put("requestId", requestId).put("reason", failure.getMessage()));
            return ApiError.unavailable("The service is busy; nothing was charged. Try again.");
        }
        // A dependency that failed after the SDK's retries and time limits (AwsClients): down, throttled or unreachable.
        if (failure instanceof SdkException) {
            JsonLog.warn("dependency_unavailable", JsonLog.fields().put("requestId", requestId)
                    .put("error", failure.getClass().getName()).put("reason", String.valueOf(failure.getMessage())));
            return ApiError.unavailable("A backing service did not answer in time. Try again: a retry with the same"
                    + " Idempotency-Key is never charged twice.");
        }
        JsonLog.error("unhandled", JsonLog.fields().put("requestId", requestId), failure);
        return ApiError.internal(requestId);
    }

    private static String capitalized(String message) {
        return Character.toUpperCase(message.charAt(0)) + message.substring(1);
    }
}
