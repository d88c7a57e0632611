package com.atelier.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awscdk.App;

/**
 * Each stage's synthesized template passes {@code cfn-lint} (AWS's CloudFormation linter: resource
 * specifications, values AWS accepts, best practices) with no error and no warning beyond those
 * {@code infra/.cfnlintrc.yaml} lists, each with its reason. Where cfn-lint is not installed
 * ({@code pip install cfn-lint}) the test is skipped, not failed.
 */
class CfnLintTest {

    private static final Path CONFIG = Path.of(".cfnlintrc.yaml");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Skips (with the reason in the report) rather than fails where cfn-lint is not installed. */
    private static void assumeCfnLintIsInstalled() {
        String version;
        try {
            version = run(List.of("cfn-lint", "--version")).output().strip();
        } catch (IOException e) {
            version = null;
        }
        assumeTrue(version != null && version.startsWith("cfn-lint"),
                "cfn-lint is not on PATH (pip install cfn-lint): the synthesized templates are not linted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theStagesTemplatePassesCfnLintWithOnlyTheListedExceptions(String stage) throws IOException {
        assumeCfnLintIsInstalled();
        Path template = synthesize(stage.equals("prod") ? StageTemplates.PROD : StageTemplates.DEV, Map.of());

        assertLintClean(template);
    }

    /** The resources that deploy a built web client (a bucket deployment and its function) lint clean too. */
    @Test
    void aTemplateThatDeploysTheBuiltWebClientPassesCfnLintToo(@TempDir Path webDist) throws IOException {
        assumeCfnLintIsInstalled();
        Files.writeString(webDist.resolve("index.html"), "<!doctype html><title>Atelier</title>");

        assertLintClean(synthesize(StageTemplates.PROD, Map.of("webDist", webDist.toString())));
    }

    private static void assertLintClean(Path template) throws IOException {
        Result lint = run(List.of("cfn-lint", "--config-file", CONFIG.toString(), "--format", "json", "--",
                template.toString()));

        List<String> findings = new ArrayList<>();
        for (JsonNode match : JSON.readTree(lint.output().isBlank() ? "[]" : lint.output())) {
            findings.add(match.path("Level").asText() + " " + match.path("Rule").path("Id").asText() + " at "
                    + match.path("Location").path("Path") + ": " + match.path("Message").asText());
        }
        assertThat(findings).as("cfn-lint on %s (exit %d)", template, lint.exitCode()).isEmpty();
        assertThat(lint.exitCode()).as("cfn-lint's exit status on %s", template).isZero();
    }

    /** Writes the stage's stack as {@code cdk synth} would, under target/cfn-lint/, and returns its template. */
    private static Path synthesize(StageSettings settings, Map<String, Object> context) {
        Path out = Path.of("target", "cfn-lint", settings.stage() + (context.isEmpty() ? "" : "-with-context"));
        App app = App.Builder.create().outdir(out.toString()).context(context).build();
        StageTemplates.stack(app, settings);
        app.synth();
        return out.resolve("Atelier-" + settings.stage() + ".template.json");
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException(command + " did not finish in 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return new Result(process.exitValue(), output);
    }
}
