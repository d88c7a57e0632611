package com.atelier.local.gateway;

import com.atelier.api.ApiFunction;
import com.atelier.api.Route;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RouteMatcherTest {

    private final RouteMatcher matcher = new RouteMatcher(List.of(
            new Route("ANY", "/files/{path+}", ApiFunction.HEALTH),
            new Route("GET", "/v1/jobs/{id}", ApiFunction.HEALTH),
            new Route("GET", "/v1/jobs/latest", ApiFunction.HEALTH),
            new Route("DELETE", "/v1/jobs/{id}", ApiFunction.HEALTH),
            new Route("ANY", "/v1/jobs/{id}", ApiFunction.HEALTH),
            new Route("GET", "/v1/jobs", ApiFunction.HEALTH)));

    @Test
    void aLiteralSegmentWinsOverAVariable() {
        assertThat(matcher.match("GET", "/v1/jobs/latest")).get()
                .extracting(match -> match.route().routeKey()).isEqualTo("GET /v1/jobs/latest");
    }

    @Test
    void variablesBindDecodedSegments() {
        RouteMatch match = matcher.match("GET", "/v1/jobs/job%201+2").orElseThrow();

        assertThat(match.route().routeKey()).isEqualTo("GET /v1/jobs/{id}");
        assertThat(match.pathParameters()).isEqualTo(Map.of("id", "job 1+2"));
    }

    @Test
    void anExactMethodWinsOverAny() {
        assertThat(matcher.match("DELETE", "/v1/jobs/7").orElseThrow().route().routeKey()).isEqualTo("DELETE /v1/jobs/{id}");
        assertThat(matcher.match("PATCH", "/v1/jobs/7").orElseThrow().route().routeKey()).isEqualTo("ANY /v1/jobs/{id}");
    }

    @Test
    void aGreedyVariableTakesTheRestOfThePath() {
        RouteMatch match = matcher.match("PUT", "/files/a/b/c.png").orElseThrow();

        assertThat(match.pathParameters()).isEqualTo(Map.of("path", "a/b/c.png"));
    }

    @Test
    void nothingMatchesAnUnknownPathOrAnEmptyVariable() {
        assertThat(matcher.match("GET", "/v2/jobs")).isEmpty();
        assertThat(matcher.match("GET", "/v1/jobs/")).isEmpty();
        assertThat(matcher.match("GET", "/v1/jobs/7/images")).isEmpty();
        assertThat(matcher.match("POST", "/v1/jobs")).isEmpty();
        assertThat(matcher.match("GET", "/files")).isEmpty();
    }
}
