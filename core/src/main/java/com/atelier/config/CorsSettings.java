package com.atelier.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which web origins may call the API from a browser, and what such a call may send and read: the
 * CORS configuration API Gateway applies on AWS (the CDK app sets the same lists) and the local
 * gateway applies in the same way. Read once from {@value #ALLOWED_ORIGINS_VARIABLE}.
 *
 * @param allowedOrigins exact origins ({@code https://app.example}), or the patterns API Gateway
 *                       takes: {@code *}, {@code https://*}, {@code http://*}
 */
public record CorsSettings(List<String> allowedOrigins) {

    /** Comma-separated origins; for the local stage, Vite's dev server by default. */
    public static final String ALLOWED_ORIGINS_VARIABLE = "ATELIER_ALLOWED_ORIGINS";

    /** What a browser may send: the key or token, JSON or multipart bodies, and the retry key of a POST. */
    public static final List<String> ALLOWED_HEADERS = List.of("authorization", "content-type", "idempotency-key");

    /** What the web client reads: OpenAI's rate-limit headers and API Gateway's request id, quoted in support requests. */
    public static final List<String> EXPOSED_HEADERS = List.of("x-ratelimit-limit-requests",
            "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests", "apigw-requestid");

    public static final List<String> ALLOWED_METHODS = List.of("GET", "POST", "PATCH", "DELETE");

    /** How long a browser may reuse a preflight's answer. */
    public static final Duration MAX_AGE = Duration.ofHours(1);

    /** Vite's dev server (web/), so that {@code npm run dev} can call a local stack on another port. */
    public static final List<String> LOCAL_DEV_ORIGINS = List.of("http://localhost:5173", "http://127.0.0.1:5173");

    // An origin is a scheme, a host and maybe a port: no path, no trailing slash (browsers send it so).
    private static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?|https?://\\*|\\*");

    public CorsSettings {
        allowedOrigins = List.copyOf(Objects.requireNonNull(allowedOrigins, "allowedOrigins"));
        for (String origin : allowedOrigins) {
            if (!ORIGIN.matcher(origin).matches()) {
                throw new ConfigurationException(ALLOWED_ORIGINS_VARIABLE, origin,
                        "comma-separated origins such as https://app.example or http://127.0.0.1:5173"
                                + " (scheme, host and port, no path), or *, https://*, http://*");
            }
        }
    }

    public static CorsSettings from(Map<String, String> variables) {
        String value = variables.get(ALLOWED_ORIGINS_VARIABLE);
        if (value == null) {
            String stage = variables.getOrDefault(AtelierConfig.STAGE_VARIABLE, AtelierConfig.DEFAULT_STAGE);
            boolean local = stage.isBlank() || stage.trim().equals(AtelierConfig.DEFAULT_STAGE);
            return new CorsSettings(local ? LOCAL_DEV_ORIGINS : List.of());
        }
        return new CorsSettings(Arrays.stream(value.split(",")).map(String::trim).filter(origin -> !origin.isEmpty()).toList());
    }

    public static CorsSettings fromEnvironment() {
        return from(AtelierConfig.environmentVariables());
    }

    /** Whether a request's {@code Origin} is one of the allowed: exactly (origins are case-sensitive), or by a pattern. */
    public boolean allows(String origin) {
        if (origin == null || origin.isEmpty()) {
            return false;
        }
        for (String allowed : allowedOrigins) {
            if (allowed.equals(origin) || allowed.equals("*")
                    || allowed.endsWith("://*") && origin.startsWith(allowed.substring(0, allowed.length() - 1))) {
                return true;
            }
        }
        return false;
    }
}
