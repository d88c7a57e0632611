package com.atelier.api;

/**
 * Every error the API answers, in OpenAI's shape {@code {"error":{"message","type","param","code"}}};
 * each factory fixes the HTTP status, type and code of one kind of failure, in this one place.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final String type;
    private final String param;
    private final String code;

    private ApiException(int status, String type, String code, String param, String message) {
        super(message);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    public static ApiException invalidRequest(String param, String message) {
        return new ApiException(400, "invalid_request_error", "invalid_value", param, message);
    }

    public static ApiException missingParameter(String param) {
        return new ApiException(400, "invalid_request_error", "missing_required_parameter", param,
                "Missing required parameter: '" + param + "'.");
    }

    public static ApiException invalidJson(String message) {
        return new ApiException(400, "invalid_request_error", "invalid_json", null,
                "We could not parse the JSON body of your request. " + message);
    }

    public static ApiException invalidSignature(String message) {
        return new ApiException(400, "invalid_request_error", "invalid_signature", null, message);
    }

    /** A prompt or upload the content policy refuses; nothing is charged. */
    public static ApiException contentPolicyViolation(String message) {
        return new ApiException(400, "invalid_request_error", "content_policy_violation", null, message);
    }

    /** The job ran and failed; its credits were given back. */
    public static ApiException generationFailed(String message) {
        return new ApiException(500, "server_error", "image_generation_failed", null, message);
    }

    /** Too many requests in this minute; the headers of the answer say when the window resets. */
    public static ApiException rateLimited(int limit) {
        return new ApiException(429, "requests", "rate_limit_exceeded", null,
                "Rate limit reached for image requests: limit " + limit + " per minute. Try again when the minute is over.");
    }

    public static ApiException missingApiKey() {
        return new ApiException(401, "invalid_request_error", "missing_api_key", null,
                "You didn't provide an API key. You need to provide your API key in an Authorization header"
                        + " using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).");
    }

    public static ApiException invalidApiKey(String shownKey) {
        return new ApiException(401, "invalid_request_error", "invalid_api_key", null,
                "Incorrect API key provided: " + shownKey + ".");
    }

    public static ApiException invalidToken() {
        return new ApiException(401, "invalid_request_error", "invalid_token", null,
                "The bearer token is not valid: it may be expired, or not issued for this service.");
    }

    public static ApiException accountSuspended() {
        return new ApiException(403, "invalid_request_error", "account_suspended", null,
                "This account is suspended; contact support to restore it.");
    }

    public static ApiException adminOnly() {
        return new ApiException(403, "invalid_request_error", "insufficient_permissions", null,
                "This route needs the admin role.");
    }

    public static ApiException notFound(String what) {
        return new ApiException(404, "invalid_request_error", "not_found", null, what + " was not found.");
    }

    public static ApiException conflict(String param, String message) {
        return new ApiException(409, "invalid_request_error", "conflict", param, message);
    }

    public static ApiException insufficientQuota(String message) {
        return new ApiException(429, "insufficient_quota", "insufficient_quota", null,
                message + ". Buy credits, or wait for your monthly free credits.");
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, "server_error", "service_unavailable", null, message);
    }

    public static ApiException internal(String requestId) {
        return new ApiException(500, "server_error", "internal_error", null,
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
