package com.atelier.infra;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.IWidget;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.sqs.Queue;
import software.constructs.Construct;

/**
 * The cost-tracking dashboard, read from the Embedded Metric Format lines the functions and the
 * worker write (namespace {@value #NAMESPACE}): requests by route, credits spent and refunded, images
 * made and flagged, GPU seconds, estimated GPU cost per image and per day at the configured hourly
 * price, queue depths and job latency.
 */
final class CostDashboard {

    static final String NAMESPACE = "Atelier";

    private CostDashboard() {
    }

    static Dashboard create(Construct scope, StageSettings settings, Queue jobs, Queue deadLetters) {
        Duration fiveMinutes = Duration.minutes(5);
        Metric imagesMade = worker("ImagesMade", "Sum", fiveMinutes);
        Metric gpuMillis = worker("GpuMillis", "Sum", fiveMinutes);
        String hourly = String.format(Locale.ROOT, "%.4f", settings.gpuHourlyUsd());
        List<IWidget> row1 = List.of(
                graph("Requests by route", search("Route", "Requests", "Sum")),
                graph("Server errors by route", search("Route", "ServerErrors", "Sum")),
                graph("Credits spent and refunded", search("JobKind", "CreditsSpent", "Sum"),
                        search("JobStatus", "CreditsRefunded", "Sum")));
        List<IWidget> row2 = List.of(
                graph("Images made and flagged", imagesMade, worker("ImagesFlagged", "Sum", fiveMinutes)),
                graph("GPU seconds", expression("gpu / 1000", "GPU seconds", Map.of("gpu", gpuMillis), fiveMinutes)),
                graph("Estimated GPU cost per image (USD, at $" + hourly + "/h)", expression(
                        "(gpu / 3600000 * " + hourly + ") / images", "USD per image",
                        Map.of("gpu", gpuMillis, "images", imagesMade), fiveMinutes)));
        List<IWidget> row3 = List.of(
                graph("Estimated GPU cost per day (USD)", expression("gpu / 3600000 * " + hourly, "USD per day",
                        Map.of("gpu", worker("GpuMillis", "Sum", Duration.days(1))), Duration.days(1))),
                graph("Queue depth", jobs.metricApproximateNumberOfMessagesVisible(),
                        deadLetters.metricApproximateNumberOfMessagesVisible()),
                graph("Job latency (ms, accepted to stored)", worker("JobLatency", "p50", fiveMinutes),
                        worker("JobLatency", "p90", fiveMinutes)));
        return Dashboard.Builder.create(scope, "CostDashboard")
                .dashboardName("atelier-" + settings.stage() + "-costs")
                .widgets(List.of(row1, row2, row3))
                .build();
    }

    private static Metric worker(String name, String statistic, Duration period) {
        return Metric.Builder.create().namespace(NAMESPACE).metricName(name)
                .dimensionsMap(Map.of("Component", "worker")).statistic(statistic).period(period).build();
    }

    /** Every series of a metric, whatever the value of its one dimension (route, job kind…). */
    private static MathExpression search(String dimension, String name, String statistic) {
        return MathExpression.Builder.create()
                .expression("SEARCH('{" + NAMESPACE + "," + dimension + "} MetricName=\"" + name + "\"', '" + statistic + "', 300)")
                .usingMetrics(Map.of())
                .label(name)
                .period(Duration.minutes(5))
                .build();
    }

    private static MathExpression expression(String expression, String label, Map<String, ? extends IMetric> metrics,
                                             Duration period) {
        return MathExpression.Builder.create().expression(expression).label(label).usingMetrics(metrics).period(period).build();
    }

    private static GraphWidget graph(String title, IMetric... metrics) {
        return GraphWidget.Builder.create().title(title).left(List.of(metrics)).width(8).build();
    }
}
