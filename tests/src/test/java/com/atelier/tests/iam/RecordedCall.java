package com.atelier.tests.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One IAM action on one resource that a function (or the worker) needed during the test suites, as
 * {@code com.atelier.local.iam.AwsCallRecorder} wrote it: names without the stage's prefix
 * ({@code credits}, {@code table/jobs}), ARNs without region or account.
 *
 * @param operation the SDK operation that needed it, e.g. {@code TransactWriteItems} for {@code dynamodb:UpdateItem}
 */
public record RecordedCall(String principal, String action, String resource, String operation) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every distinct call in the {@code *.jsonl} files of these folders; folders that do not exist are skipped. */
    public static Set<RecordedCall> readAll(List<Path> folders) {
        Set<RecordedCall> calls = new LinkedHashSet<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                continue;
            }
            try (Stream<Path> files = Files.list(folder)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList()) {
                    for (String line : Files.readAllLines(file)) {
                        if (!line.isBlank()) {
                            JsonNode call = JSON.readTree(line);
                            calls.add(new RecordedCall(call.path("principal").asText(), call.path("action").asText(),
                                    call.path("resource").asText(), call.path("operation").asText()));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the recorded AWS calls in " + folder, e);
            }
        }
        return calls;
    }
}
