package com.atelier.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The body of a job's SQS message, {@code {"jobId":"…"}}: written by {@link JobDispatch}, read by the
 * GPU workers and the dead-letter handler. It carries only the id; the job itself is in its table.
 */
public record JobMessage(String jobId) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public JobMessage {
        if (jobId == null || jobId.isBlank()) {
            throw new IllegalArgumentException("a job message needs a jobId");
        }
    }

    /**
     * The message in a queue message's body. Other fields are ignored, so that a later sender may add
     * some. @throws MalformedException when the body is not a JSON object with a non-blank string jobId
     */
    public static JobMessage parse(String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new MalformedException("not JSON: " + body, e);
        }
        if (node == null || !node.isObject()) {
            throw new MalformedException("not a JSON object: " + body, null);
        }
        JsonNode jobId = node.get("jobId");
        if (jobId == null || !jobId.isTextual() || jobId.asText().isBlank()) {
            throw new MalformedException("no jobId string in " + body, null);
        }
        return new JobMessage(jobId.asText());
    }

    /** The body to send. */
    public String body() {
        return JSON.createObjectNode().put("jobId", jobId).toString();
    }

    /** A queue message whose body is not a job message: retrying it cannot help. */
    public static final class MalformedException extends IllegalArgumentException {
        MalformedException(String message, Throwable cause) {
            super("a malformed job message, " + message, cause);
        }
    }
}
