package com.atelier.local.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StandardOutputRouterTest {

    private final LoggerContext context = new LoggerContext();
    private final ListAppender<ILoggingEvent> events = appender("events");
    private final ListAppender<ILoggingEvent> metrics = appender("metrics");
    private final ListAppender<ILoggingEvent> warnings = appender("warnings");
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(new StandardOutputRouter(
            new PrintStream(console, true, StandardCharsets.UTF_8),
            context.getLogger("events"), context.getLogger("metrics"), context.getLogger("warnings"), "logs/events.jsonl"),
            true, StandardCharsets.UTF_8);

    @Test
    void jsonEventsAndMetricRecordsGoToTheirLogsAndOtherLinesToTheConsole() {
        String event = "{\"time\":\"2026-12-07T20:29:37Z\",\"level\":\"INFO\",\"event\":\"request\",\"status\":200}";
        String metric = "{\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[]},\"Route\":\"GET /v1/credits\",\"Requests\":1.0}";

        out.println(event);
        out.println(metric);
        out.println("Atelier is up in 5.1 s.");

        assertThat(events.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(event);
        assertThat(metrics.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(metric);
        assertThat(warnings.list).isEmpty();
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("Atelier is up in 5.1 s." + System.lineSeparator());
    }

    @Test
    void aWarningOrErrorEventIsAlsoToldOnTheConsoleInWords() {
        out.println("{\"time\":\"t\",\"level\":\"WARN\",\"event\":\"queue_receive_failed\",\"message\":\"timed out\"}");
        out.println("{\"time\":\"t\",\"level\":\"ERROR\",\"event\":\"job_attempt_failed\",\"jobId\":\"job_1\",\"attempt\":2,"
                + "\"error\":\"java.io.IOException\",\"message\":\"disk gone\",\"stackTrace\":\"java.io.IOException: disk gone\\n\\tat x\"}");

        assertThat(warnings.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.WARN, Level.ERROR);
        assertThat(warnings.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "queue receive failed: message=timed out",
                "job attempt failed: jobId=job_1, attempt=2, message=disk gone (stack trace in logs/events.jsonl)");
        assertThat(events.list).hasSize(2);
        assertThat(console.size()).isZero();
    }

    @Test
    void aLineThatOnlyLooksLikeJsonIsLeftOnTheConsole() {
        out.println("{not json");

        assertThat(events.list).isEmpty();
        assertThat(console.toString(StandardCharsets.UTF_8)).isEqualTo("{not json" + System.lineSeparator());
    }

    private ListAppender<ILoggingEvent> appender(String loggerName) {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        Logger logger = context.getLogger(loggerName);
        logger.setAdditive(false);
        logger.addAppender(appender);
        return appender;
    }
}
