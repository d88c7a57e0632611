package com.atelier.local;

import com.atelier.config.AtelierConfig;
import com.atelier.local.servers.LocalCredentials;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * {@code .atelier/local.json}: how scripts and a second shell reach a running stack (gateway URL, the
 * API keys issued at start to the local admin and demo accounts, the servers' endpoints and the local
 * credentials), and {@code .atelier/env}, the same as shell variables for the AWS CLI and SDKs. Both
 * exist only while the stack runs.
 */
public final class StateFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path json;
    private final Path env;

    public StateFile(Path stateDir) {
        this.json = stateDir.resolve("local.json");
        this.env = stateDir.resolve("env");
    }

    public Path path() {
        return json;
    }

    public void write(LocalStack stack) {
        ObjectNode state = JSON.createObjectNode()
                .put("gatewayUrl", stack.gatewayUrl().toString())
                .put("region", LocalCredentials.REGION)
                .put("accessKeyId", LocalCredentials.ACCESS_KEY_ID)
                .put("secretAccessKey", LocalCredentials.SECRET_ACCESS_KEY)
                .put("pid", ProcessHandle.current().pid())
                .put("startedAt", Instant.now().toString());
        ObjectNode accounts = state.putObject("accounts");
        stack.accounts().forEach((name, issued) -> accounts.putObject(name)
                .put("accountId", issued.accountId())
                .put("apiKey", issued.apiKey()));
        Optional<String> billingWebhookSecret = AtelierConfig.fromEnvironment().billingWebhookSecret();
        billingWebhookSecret.ifPresent(secret -> state.put("billingWebhookSecret", secret));
        stack.oidcIssuer().ifPresent(issuer -> state.put("oidcIssuer", issuer.toString()));
        ObjectNode endpoints = state.putObject("endpoints");
        stack.endpoints().forEach((service, endpoint) -> endpoints.put(service, endpoint.toString()));
        ObjectNode resources = state.putObject("resources");
        stack.resources().tables().forEach(table -> resources.withArray("tables").add(table.name()));
        stack.resources().queues().forEach(queue -> resources.withArray("queues").add(queue.name()));
        stack.resources().buckets().forEach(bucket -> resources.withArray("buckets").add(bucket.name()));
        try {
            writeAtomically(json, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state) + "\n");
            writeAtomically(env, shellVariables(stack.gatewayUrl(), stack.demoApiKey(), stack.adminApiKey(), stack.endpoints())
                    + billingWebhookSecret.map(secret -> "export ATELIER_BILLING_WEBHOOK_SECRET=" + secret + "\n").orElse(""));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + json, e);
        }
    }

    public void delete() {
        try {
            Files.deleteIfExists(json);
            Files.deleteIfExists(env);
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + json, e);
        }
    }

    private static String shellVariables(URI gatewayUrl, String demoApiKey, String adminApiKey, Map<String, URI> endpoints) {
        return "# The running local stack, for shells: source .atelier/env\n"
                + "export ATELIER_URL=" + gatewayUrl + "\n"
                + "export ATELIER_API_KEY=" + demoApiKey + "\n"
                + "export ATELIER_ADMIN_API_KEY=" + adminApiKey + "\n"
                + "export AWS_REGION=" + LocalCredentials.REGION + "\n"
                + "export AWS_DEFAULT_REGION=" + LocalCredentials.REGION + "\n"
                + "export AWS_ACCESS_KEY_ID=" + LocalCredentials.ACCESS_KEY_ID + "\n"
                + "export AWS_SECRET_ACCESS_KEY=" + LocalCredentials.SECRET_ACCESS_KEY + "\n"
                + "export AWS_ENDPOINT_URL_DYNAMODB=" + endpoints.get("dynamodb") + "\n"
                + "export AWS_ENDPOINT_URL_SQS=" + endpoints.get("sqs") + "\n"
                + "export AWS_ENDPOINT_URL_S3=" + endpoints.get("s3") + "\n";
    }

    /** Readers polling for the file never see it half-written. */
    private static void writeAtomically(Path target, String content) throws IOException {
        Files.createDirectories(target.getParent());
        Path temporary = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        Files.writeString(temporary, content, StandardCharsets.UTF_8);
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
