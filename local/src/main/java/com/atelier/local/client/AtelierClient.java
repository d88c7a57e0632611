package com.atelier.local.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Set;

/**
 * Atelier's jobs API over HTTP, as any integration would call it: {@code POST /v1/uploads} and the
 * presigned PUT for images, {@code POST /v1/jobs}, {@code GET /v1/jobs/{id}}, and the images' URLs.
 * Each refusal of the API becomes a {@link ClientException} carrying the API's own message.
 */
public final class AtelierClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final Set<String> FINISHED = Set.of("succeeded", "failed", "rejected", "cancelled");

    private final ClientSettings settings;
    private final HttpClient http;

    public AtelierClient(ClientSettings settings) {
        this.settings = settings;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    public static boolean isFinished(JsonNode job) {
        return FINISHED.contains(job.path("status").asText());
    }

    /** {@code POST /v1/jobs}: the job as accepted (queued, and paid for). */
    public JsonNode submit(ObjectNode job) {
        return api(HttpRequest.newBuilder(settings.url().resolve("/v1/jobs"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(job.toString())));
    }

    public JsonNode job(String jobId) {
        return api(HttpRequest.newBuilder(settings.url().resolve("/v1/jobs/" + jobId)).GET());
    }

    /** Puts a PNG where a job can name it: the upload's id. */
    public String upload(byte[] png) {
        ObjectNode request = JSON.createObjectNode().put("bytes", png.length);
        JsonNode upload = api(HttpRequest.newBuilder(settings.url().resolve("/v1/uploads"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())));
        URI target = URI.create(upload.path("url").asText());
        HttpResponse<String> put = send(HttpRequest.newBuilder(target)
                .header("Content-Type", upload.path("content_type").asText("image/png"))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(png)).build(), target);
        if (put.statusCode() / 100 != 2) {
            throw new ClientException(ExitCode.JOB_FAILED, "the upload to " + target.getHost() + ":" + target.getPort()
                    + " was refused with HTTP " + put.statusCode());
        }
        return upload.path("id").asText();
    }

    public byte[] download(URI image) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(image).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new ClientException(ExitCode.JOB_FAILED, "could not download " + image + ": HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw unreachable(image, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ExitCode.JOB_FAILED, "interrupted");
        }
    }

    private JsonNode api(HttpRequest.Builder request) {
        HttpResponse<String> response = send(request.header("Authorization", "Bearer " + settings.apiKey())
                .timeout(REQUEST_TIMEOUT).build(), settings.url());
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new ClientException(ExitCode.JOB_FAILED, settings.url() + " answered HTTP " + response.statusCode()
                    + " with no JSON: is it an Atelier API?");
        }
        if (response.statusCode() / 100 == 2) {
            return body;
        }
        throw refusal(response.statusCode(), body.path("error"));
    }

    /** The API's error, in OpenAI's shape, as one line and the exit code of its kind. */
    static ClientException refusal(int status, JsonNode error) {
        String code = error.path("code").asText("");
        String message = error.path("message").asText("HTTP " + status);
        ExitCode exit;
        if (status == 401 || status == 403) {
            exit = ExitCode.BAD_API_KEY;
        } else if (code.equals("insufficient_quota")) {
            exit = ExitCode.NO_CREDITS;
        } else if (code.equals("content_policy_violation")) {
            exit = ExitCode.REFUSED;
        } else if (status / 100 == 4) {
            exit = ExitCode.INVALID_REQUEST;
        } else {
            exit = ExitCode.JOB_FAILED;
        }
        return new ClientException(exit, message);
    }

    private HttpResponse<String> send(HttpRequest request, URI server) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw unreachable(server, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ExitCode.JOB_FAILED, "interrupted");
        }
    }

    private ClientException unreachable(URI server, IOException failure) {
        if (failure instanceof ConnectException || failure.getCause() instanceof ConnectException) {
            return new ClientException(ExitCode.NO_STACK, "no Atelier stack at " + settings.url()
                    + ": start one with ./atelier up");
        }
        if (failure instanceof HttpTimeoutException) {
            return new ClientException(ExitCode.NO_STACK, server + " did not answer within " + REQUEST_TIMEOUT.toSeconds() + " s");
        }
        return new ClientException(ExitCode.NO_STACK, "cannot reach " + server + ": " + failure);
    }
}
