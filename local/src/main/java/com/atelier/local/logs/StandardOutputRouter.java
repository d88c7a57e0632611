package com.atelier.local.logs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * This JVM's standard output while the stack runs, as Lambda's runtime reads a function's: every
 * line is looked at whole. A metric record (EMF, {@code {"_aws":…}}) goes to the metrics log, a JSON
 * event line to the events log, and a warning or error among them is also told on the console in
 * words; any other line (the banner of {@code ./atelier up}) goes to the console unchanged.
 */
final class StandardOutputRouter extends OutputStream {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Fields a person does not need on the console: the time is the line's, the trace is in the file. */
    private static final Set<String> NOT_SHOWN = Set.of("time", "level", "event", "stackTrace", "error");

    private final PrintStream console;
    private final Logger events;
    private final Logger metrics;
    private final Logger warnings;
    private final String eventsFile;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

    /**
     * @param console    the standard output the JVM started with
     * @param eventsFile where the whole event is, for a warning's console line
     */
    StandardOutputRouter(PrintStream console, Logger events, Logger metrics, Logger warnings, String eventsFile) {
        this.console = console;
        this.events = events;
        this.metrics = metrics;
        this.warnings = warnings;
        this.eventsFile = eventsFile;
    }

    @Override
    public synchronized void write(int b) {
        if (b == '\n') {
            route(pending.toString(StandardCharsets.UTF_8));
            pending.reset();
        } else {
            pending.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            write(bytes[i]);
        }
    }

    @Override
    public synchronized void flush() {
        console.flush();
    }

    private void route(String line) {
        JsonNode parsed = line.startsWith("{") ? parse(line) : null;
        if (parsed == null || !parsed.isObject()) {
            console.println(line);
            return;
        }
        RequestAttribution.note(parsed);
        if (parsed.has("_aws")) {
            metrics.info(line);
            return;
        }
        events.info(line);
        String level = parsed.path("level").asText();
        if (level.equals("WARN")) {
            warnings.warn(inWords(parsed));
        } else if (level.equals("ERROR")) {
            warnings.error(inWords(parsed) + " (stack trace in " + eventsFile + ")");
        }
    }

    /** {@code job attempt failed: jobId=job_1, message=disk full}. */
    static String inWords(JsonNode event) {
        List<String> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = event.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!NOT_SHOWN.contains(field.getKey())) {
                fields.add(field.getKey() + "=" + (field.getValue().isTextual() ? field.getValue().asText() : field.getValue()));
            }
        }
        String what = event.path("event").asText("event").replace('_', ' ');
        return fields.isEmpty() ? what : what + ": " + String.join(", ", fields);
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            return null;
        }
    }
}
