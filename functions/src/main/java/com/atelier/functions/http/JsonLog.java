package com.atelier.functions.http;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** One JSON line per event on standard output, which Lambda sends to CloudWatch Logs. */
public final class JsonLog {

    private JsonLog() {
    }

    public static void info(String event, String requestId, ObjectNode fields) {
        write("INFO", event, requestId, fields);
    }

    public static void warn(String event, String requestId, ObjectNode fields) {
        write("WARN", event, requestId, fields);
    }

    public static void error(String event, String requestId, Throwable error) {
        ObjectNode fields = ApiResponses.JSON.createObjectNode()
                .put("error", error.getClass().getName())
                .put("message", String.valueOf(error.getMessage()));
        write("ERROR", event, requestId, fields);
    }

    public static ObjectNode fields() {
        return ApiResponses.JSON.createObjectNode();
    }

    private static void write(String level, String event, String requestId, ObjectNode fields) {
        ObjectNode line = ApiResponses.JSON.createObjectNode()
                .put("time", Instant.now().toString())
                .put("level", level)
                .put("event", event)
                .put("requestId", requestId);
        line.setAll(fields);
        System.out.println(line);
    }
}
