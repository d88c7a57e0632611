package com.atelier.local.logs;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which request a function's log line belongs to: the local gateway runs each invocation on a thread
 * of its own, so a line written on that thread while it runs (JSON event or metric record) belongs to
 * that request, and the account and job it names go on the request's console line, as Logs Insights
 * would join them by request id on AWS.
 */
public final class RequestAttribution {

    private static final ThreadLocal<String> CURRENT_REQUEST = new ThreadLocal<>();
    private static final Map<String, RequestLine.Attribution> NOTED = new ConcurrentHashMap<>();

    private RequestAttribution() {
    }

    /** Runs one invocation of the request, so that the lines it writes are noted under its id. */
    public static <T> T during(String requestId, Callable<T> invocation) throws Exception {
        CURRENT_REQUEST.set(requestId);
        try {
            return invocation.call();
        } finally {
            CURRENT_REQUEST.remove();
        }
    }

    /** Notes the account and job a line written on this thread names, when a request is running here. */
    static void note(JsonNode line) {
        String requestId = CURRENT_REQUEST.get();
        if (requestId == null) {
            return;
        }
        Optional<String> account = text(line, "accountId");
        Optional<String> job = text(line, "jobId");
        if (account.isPresent() || job.isPresent()) {
            NOTED.merge(requestId, RequestLine.Attribution.NONE.with(account, job),
                    (earlier, later) -> earlier.with(later.accountId(), later.jobId()));
        }
    }

    /** What the request's lines named; forgotten once taken, when the request ends. */
    public static RequestLine.Attribution take(String requestId) {
        RequestLine.Attribution noted = NOTED.remove(requestId);
        return noted == null ? RequestLine.Attribution.NONE : noted;
    }

    private static Optional<String> text(JsonNode line, String field) {
        JsonNode value = line.get(field);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }
}
