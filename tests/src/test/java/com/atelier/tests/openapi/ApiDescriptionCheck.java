package com.atelier.tests.openapi;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.atelier.api.ApiRoutes;
import com.atelier.api.Route;
import com.atelier.testkit.api.ApiConformance;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API description cannot drift: every exchange on the API's routes that local's {@code *IT} and
 * these end-to-end suites made through the local gateway (recorded by its exchange log, see
 * {@code com.atelier.local.gateway.ExchangeLog}) must agree with {@code core}'s OpenAPI description
 * ({@link ApiConformance} says how). Runs in its own failsafe execution after the suites
 * (tests/pom.xml); when nothing was recorded it is skipped, saying why, rather than passing.
 * Exchanges on the test-only route tables of the gateway's own tests are not the API's and are left out.
 */
class ApiDescriptionCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyRecordedRequestAndAnswerAgreesWithTheDescription() {
        List<Path> folders = Arrays.stream(System.getProperty("atelier.apiExchangeDirs",
                "target/api-exchanges,../local/target/api-exchanges").split(",")).map(String::trim).map(Path::of).toList();
        Set<String> apiRoutes = ApiRoutes.ALL.stream().map(Route::routeKey).collect(Collectors.toSet());
        List<JsonNode> exchanges = readAll(folders).stream()
                .filter(exchange -> apiRoutes.contains(routeKey(exchange)))
                .toList();
        assumeFalse(exchanges.isEmpty(), "no exchanges were recorded in " + folders + ": the *IT suites of local and"
                + " tests did not run in this build (-DskipITs, -Dit.test=…?), so there is nothing to check");

        ApiConformance conformance = ApiConformance.ofServedDescription();
        Map<String, Set<String>> violations = new TreeMap<>();
        for (JsonNode exchange : exchanges) {
            List<String> found = conformance.violations(exchange);
            if (!found.isEmpty()) {
                violations.computeIfAbsent(routeKey(exchange), route -> new TreeSet<>()).addAll(found);
            }
        }
        Set<String> exercised = exchanges.stream().map(ApiDescriptionCheck::routeKey).collect(Collectors.toCollection(TreeSet::new));
        Set<String> unexercised = new TreeSet<>(apiRoutes);
        unexercised.removeAll(exercised);
        System.out.printf("checked %d exchanges on %d of %d routes against the API description; not exercised: %s%n",
                exchanges.size(), exercised.size(), apiRoutes.size(), unexercised);
        if (!violations.isEmpty()) {
            StringBuilder report = new StringBuilder("exchanges that depart from core's openapi/atelier.json, by route:\n");
            violations.forEach((route, found) -> {
                report.append("  ").append(route).append(":\n");
                found.forEach(violation -> report.append("    ").append(violation).append('\n'));
            });
            fail(report.append("Fix the handler, or the description if the API changed on purpose.").toString());
        }
    }

    private static String routeKey(JsonNode exchange) {
        return exchange.path("method").asText() + " " + exchange.path("path").asText();
    }

    private static List<JsonNode> readAll(List<Path> folders) {
        List<JsonNode> exchanges = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(path -> path.getFileName().toString().endsWith(".jsonl")).toList()) {
                    for (String line : Files.readAllLines(file)) {
                        if (!line.isBlank()) {
                            exchanges.add(JSON.readTree(line));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the exchanges in " + folder, e);
            }
        }
        return exchanges;
    }
}
