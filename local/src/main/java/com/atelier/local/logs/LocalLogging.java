package com.atelier.local.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The logs of {@code ./atelier up}, set up on Logback when the stack starts: the console (standard
 * error, by {@code logback.xml}) keeps the stack's own lines, one line per request and warnings in
 * words; the functions' and the worker's JSON event lines go to {@code events.jsonl} and their metric
 * records to {@code metrics.jsonl} under the log folder, or to standard output as well with
 * {@link LogFormat#JSON}. Every console line is kept in {@code atelier.log} there too, with the
 * details the console leaves out ({@link #DETAILS_LOGGER}).
 */
public final class LocalLogging {

    /** The console's layout, as in logback.xml: the level only when it is not plain information. */
    public static final String CONSOLE_PATTERN = "%d{HH:mm:ss.SSS} %replace(%level ){'^(INFO|DEBUG|TRACE) $', ''}%msg%n";
    /** Where {@link com.atelier.local.gateway.HttpApiGateway}'s request lines are written. */
    public static final String REQUESTS_LOGGER = "atelier.requests";
    /** What the console tells in words and this file keeps whole: a stack trace, for one. */
    public static final String DETAILS_LOGGER = "atelier.details";
    private static final String EVENTS_LOGGER = "atelier.events";
    private static final String METRICS_LOGGER = "atelier.metrics";

    private LocalLogging() {
    }

    /**
     * Routes this JVM's standard output as described above; call once, before the stack starts.
     */
    public static void install(Path logDir, LogFormat format) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        PrintStream console = System.out;
        Path eventsFile = logDir.resolve("events.jsonl");
        ch.qos.logback.classic.Logger events = jsonLogger(context, EVENTS_LOGGER, eventsFile, console, format);
        ch.qos.logback.classic.Logger metrics = jsonLogger(context, METRICS_LOGGER, logDir.resolve("metrics.jsonl"), console, format);
        context.getLogger(REQUESTS_LOGGER).setLevel(Level.INFO);
        Appender<ILoggingEvent> stackLog = file(context, logDir.resolve("atelier.log"), encoder(context, CONSOLE_PATTERN));
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(stackLog);
        ch.qos.logback.classic.Logger details = context.getLogger(DETAILS_LOGGER);
        details.setAdditive(false);
        details.addAppender(stackLog);
        System.setOut(new PrintStream(new StandardOutputRouter(console, events, metrics,
                LoggerFactory.getLogger("atelier"), eventsFile.toString()), true, StandardCharsets.UTF_8));
    }

    private static ch.qos.logback.classic.Logger jsonLogger(LoggerContext context, String name, Path file,
                                                            PrintStream console, LogFormat format) {
        ch.qos.logback.classic.Logger logger = context.getLogger(name);
        logger.setAdditive(false);
        logger.setLevel(Level.INFO);
        logger.addAppender(file(context, file, encoder(context, "%msg%n")));
        if (format == LogFormat.JSON) {
            OutputStreamAppender<ILoggingEvent> toConsole = new OutputStreamAppender<>();
            toConsole.setName(name + "-console");
            toConsole.setContext(context);
            toConsole.setEncoder(encoder(context, "%msg%n"));
            // The JVM's own standard output, not the router that System.out becomes.
            toConsole.setOutputStream(console);
            toConsole.start();
            logger.addAppender(toConsole);
        }
        return logger;
    }

    private static Appender<ILoggingEvent> file(LoggerContext context, Path path, Encoder<ILoggingEvent> encoder) {
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setName(path.getFileName().toString());
        appender.setContext(context);
        appender.setFile(path.toString());
        appender.setAppend(true);
        appender.setEncoder(encoder);
        appender.start();
        return appender;
    }

    static PatternLayoutEncoder encoder(LoggerContext context, String pattern) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(pattern);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }
}
