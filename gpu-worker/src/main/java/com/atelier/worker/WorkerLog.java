package com.atelier.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** The worker's log: one JSON line per event on standard output (the container's log driver ships it). */
public final class WorkerLog {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkerLog() {
    }

    public static ObjectNode fields() {
        return JSON.createObjectNode();
    }

    public static void info(String event, ObjectNode fields) {
        write("INFO", event, fields);
    }

    public static void warn(String event, ObjectNode fields) {
        write("WARN", event, fields);
    }

    public static void error(String event, ObjectNode fields, Throwable error) {
        write("ERROR", event, fields.put("error", error.getClass().getName()).put("message", String.valueOf(error.getMessage())));
    }

    private static void write(String level, String event, ObjectNode fields) {
        ObjectNode line = JSON.createObjectNode().put("time", Instant.now().toString()).put("level", level)
                .put("event", event);
        line.setAll(fields);
        System.out.println(line);
    }
}
