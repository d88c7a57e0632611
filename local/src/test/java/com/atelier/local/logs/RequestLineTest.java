package com.atelier.local.logs;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestLineTest {

    private static final RequestLine.Attribution DEMO_JOB =
            new RequestLine.Attribution(Optional.of("acct_local_demo"), Optional.of("job_1bd5977b"));

    @Test
    void aRequestLineSaysMethodPathStatusMillisAccountAndJob() {
        RequestLine line = RequestLine.of("POST", "/v1/images/generations", 200, 2625, DEMO_JOB);

        assertThat(line.message()).isEqualTo("POST /v1/images/generations 200 2625 ms account=acct_local_demo job=job_1bd5977b");
    }

    @Test
    void aRequestNoFunctionAnsweredHasNeitherAccountNorJobAndNoQuery() {
        assertThat(RequestLine.of("GET", "/nope?key=secret", 404, 1, RequestLine.Attribution.NONE).message())
                .isEqualTo("GET /nope 404 1 ms");
    }

    @Test
    void aJobsOwnRouteNamesTheJobFromItsPath() {
        RequestLine.Attribution demo = new RequestLine.Attribution(Optional.of("acct_local_demo"), Optional.empty());

        assertThat(RequestLine.of("DELETE", "/v1/jobs/job_4acfbf40", 200, 68, demo).message())
                .isEqualTo("DELETE /v1/jobs/job_4acfbf40 200 68 ms account=acct_local_demo job=job_4acfbf40");
    }

    @Test
    void theConsoleShowsTheTimeThenTheRequestAndALevelOnlyForWarningsAndErrors() {
        LoggerContext context = new LoggerContext();
        var encoder = LocalLogging.encoder(context, LocalLogging.CONSOLE_PATTERN);
        ch.qos.logback.classic.Logger logger = context.getLogger(LocalLogging.REQUESTS_LOGGER);

        String request = new String(encoder.encode(new LoggingEvent(null, logger, Level.INFO,
                RequestLine.of("GET", "/v1/credits", 401, 45, RequestLine.Attribution.NONE).message(), null, null)),
                StandardCharsets.UTF_8);
        String warning = new String(encoder.encode(new LoggingEvent(null, logger, Level.WARN,
                "S3's port 41000 from the last start is taken", null, null)), StandardCharsets.UTF_8);

        assertThat(request).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} GET /v1/credits 401 45 ms\\R");
        assertThat(warning).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN S3's port 41000 from the last start is taken\\R");
    }
}
