package com.atelier.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudWatch Embedded Metric Format: one JSON line on standard output per event, which CloudWatch
 * Logs turns into metrics in the {@value #NAMESPACE} namespace without any API call; the cost
 * dashboards read them. Dimensions stay few (the function or component), so that metrics stay cheap.
 */
public final class EmbeddedMetrics {

    public static final String NAMESPACE = "Atelier";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A metric's unit as CloudWatch names it. */
    public enum Unit {
        COUNT("Count"), MILLISECONDS("Milliseconds");

        private final String cloudWatchName;

        Unit(String cloudWatchName) {
            this.cloudWatchName = cloudWatchName;
        }
    }

    private record Value(double amount, Unit unit) {
    }

    private final Map<String, String> dimensions = new LinkedHashMap<>();
    private final Map<String, Value> values = new LinkedHashMap<>();
    private final Map<String, String> properties = new LinkedHashMap<>();

    private EmbeddedMetrics() {
    }

    /** Metrics of one component, e.g. {@code of("Function", "images")}. */
    public static EmbeddedMetrics of(String dimension, String value) {
        EmbeddedMetrics metrics = new EmbeddedMetrics();
        metrics.dimensions.put(dimension, value);
        return metrics;
    }

    public EmbeddedMetrics put(String name, double amount, Unit unit) {
        values.put(name, new Value(amount, unit));
        return this;
    }

    /** Searchable in Logs Insights, not a metric (ids, statuses). */
    public EmbeddedMetrics property(String name, String value) {
        properties.put(name, value);
        return this;
    }

    public String line(Clock clock) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject().put("Namespace", NAMESPACE);
        ArrayNode dimensionSet = directive.putArray("Dimensions").addArray();
        dimensions.keySet().forEach(dimensionSet::add);
        ArrayNode metrics = directive.putArray("Metrics");
        values.forEach((name, value) -> metrics.addObject().put("Name", name).put("Unit", value.unit().cloudWatchName));
        dimensions.forEach(root::put);
        properties.forEach(root::put);
        values.forEach((name, value) -> root.put(name, value.amount()));
        return root.toString();
    }

    public void emit() {
        System.out.println(line(Clock.systemUTC()));
    }
}
