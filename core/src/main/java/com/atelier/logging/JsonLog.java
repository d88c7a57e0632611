package com.atelier.logging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The log of every part of Atelier (Lambda handlers, the worker, the local stack): one JSON line per
 * event on standard output, which Lambda sends to CloudWatch Logs and the worker's container log
 * driver ships. A line holds {@code time}, {@code level}, {@code event} and the event's fields; an
 * error adds the exception's class ({@code error}), {@code message} and whole {@code stackTrace}
 * (causes included) as one string, so that a failure can be traced from the log alone.
 *
 * <p>Keys appended while a request runs ({@link #appendKey}, as Powertools' {@code appendKey}) go on
 * every line its thread writes until {@link #clearKeys}: the account a request was authenticated as
 * reaches the request's last line without being handed through every layer.
 */
public final class JsonLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A Lambda execution environment runs one request at a time, on one thread. */
    private static final ThreadLocal<Map<String, String>> REQUEST_KEYS = ThreadLocal.withInitial(LinkedHashMap::new);

    private JsonLog() {
    }

    /** An empty set of fields to fill for one event. */
    public static ObjectNode fields() {
        return JSON.createObjectNode();
    }

    public static void info(String event, ObjectNode fields) {
        System.out.println(line(Instant.now(), "INFO", event, fields, null));
    }

    public static void warn(String event, ObjectNode fields) {
        System.out.println(line(Instant.now(), "WARN", event, fields, null));
    }

    public static void error(String event, ObjectNode fields, Throwable error) {
        System.out.println(line(Instant.now(), "ERROR", event, fields, error));
    }

    /** Adds a field to every line this thread writes until {@link #clearKeys()}. */
    public static void appendKey(String name, String value) {
        REQUEST_KEYS.get().put(name, value);
    }

    /** Ends what {@link #appendKey} added, when a request ends. */
    public static void clearKeys() {
        REQUEST_KEYS.remove();
    }

    /** The line of one event; {@code error} may be null. */
    static String line(Instant time, String level, String event, ObjectNode fields, Throwable error) {
        ObjectNode line = JSON.createObjectNode()
                .put("time", time.toString())
                .put("level", level)
                .put("event", event);
        REQUEST_KEYS.get().forEach(line::put);
        line.setAll(fields);
        if (error != null) {
            StringWriter trace = new StringWriter();
            error.printStackTrace(new PrintWriter(trace));
            line.put("error", error.getClass().getName())
                    .put("message", String.valueOf(error.getMessage()))
                    .put("stackTrace", trace.toString());
        }
        return line.toString();
    }
}
