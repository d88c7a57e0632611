package com.atelier.functions.http;

/**
 * An error as the API answers it, in OpenAI's shape {@code {"error":{"message","type","param","code"}}};
 * each factory fixes the HTTP status, type and code of one kind of failure. Handlers throw it for what
 * they refuse at the edge (a parameter they parse); {@link ErrorMapping} turns the domain's exceptions
 * into one and answers both.
 */
public final class ApiError extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    private ApiError(int status, String type, String code, String param, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    public static ApiError invalidRequest(String param, String message) {
        return new ApiError(400, "invalid_request_error", "invalid_value", param, message);
    }

    /** A prompt the model would draw nothing of; refused before any charge. */
    public static ApiError promptOutsideVocabulary(String message) {
        return new ApiError(400, "invalid_request_error", "prompt_outside_vocabulary", "prompt", message);
    }

    public static ApiError missingParameter(String param) {
        return new ApiError(400, "invalid_request_error", "missing_required_parameter", param,
                "Missing required parameter: '" + param + "'.");
    }

    public static ApiError invalidJson(String message) {
        return new ApiError(400, "invalid_request_error", "invalid_json", null,
                "We could not parse the JSON body of your request. " + message);
    }

    public static ApiError invalidSignature(String message) {
        return new ApiError(400, "invalid_request_error", "invalid_signature", null, message);
    }

    /** A prompt or upload the content policy refuses; nothing is charged. */
    public static ApiError contentPolicyViolation(String message) {
        return new ApiError(400, "invalid_request_error", "content_policy_violation", null, message);
    }

    /** The job ran and failed; its credits were given back. */
    public static ApiError generationFailed(String message) {
        return new ApiError(500, "server_error", "image_generation_failed", null, message);
    }

    /** Too many requests in this minute; the headers of the answer say when the window resets. */
    public static ApiError rateLimited(int limit) {
        return new ApiError(429, "requests", "rate_limit_exceeded", null,
                "Rate limit reached for image requests: limit " + limit + " per minute. Try again when the minute is over.");
    }

    public static ApiError missingApiKey() {
        return new ApiError(401, "invalid_request_error", "missing_api_key", null,
                "You didn't provide an API key. You need to provide your API key in an Authorization header"
                        + " using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
    }

    public static ApiError invalidApiKey(String shownKey) {
        return new ApiError(401, "invalid_request_error", "invalid_api_key", null,
                "Incorrect API key provided: " + shownKey + ".");
    }

    public static ApiError invalidToken() {
        return new ApiError(401, "invalid_request_error", "invalid_token", null,
                "The bearer token is not valid: it may be expired, or not issued for this service.");
    }

    public static ApiError accountSuspended() {
        return new ApiError(403, "invalid_request_error", "account_suspended", null,
                "This account is suspended; contact support to restore it.");
    }

    public static ApiError adminOnly() {
        return new ApiError(403, "invalid_request_error", "insufficient_permissions", null,
                "This route needs the admin role.");
    }

    public static ApiError notFound(String what) {
        return new ApiError(404, "invalid_request_error", "not_found", null, what + " was not found.");
    }

    public static ApiError conflict(String param, String message) {
        return new ApiError(409, "invalid_request_error", "conflict", param, message);
    }

    /** The account has the most unfinished jobs it may have at once; nothing was charged. */
    public static ApiError tooManyOpenJobs(int limit) {
        return new ApiError(429, "requests", "too_many_open_jobs", null, "Your account has " + limit
                + " unfinished jobs, the most it may have at once. Wait for some to finish, or cancel queued ones;"
                + " nothing was charged.");
    }

    /** A hard budget would be passed; nothing was charged. Its {@code type} is OpenAI's for spend limits. */
    public static ApiError budgetExceeded(String message) {
        return new ApiError(429, "insufficient_quota", "budget_exceeded", null,
                message + "; nothing was charged. Raise the budget, or wait for next month (UTC).");
    }

    public static ApiError insufficientQuota(String message) {
        return new ApiError(429, "insufficient_quota", "insufficient_quota", null,
                message + ". Buy credits, or wait for your monthly free credits.");
    }

    public static ApiError unavailable(String message) {
        return new ApiError(503, "server_error", "service_unavailable", null, message);
    }

    public static ApiError internal(String requestId) {
        return new ApiError(500, "server_error", "internal_error", null,
                "The server had an error while processing your request. Request id: " + requestId + ".");
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String param() {
        return param;
    }

    public String code() {
        return code;
    }
}
