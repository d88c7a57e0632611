package com.atelier.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/** A plain HTTP client of the local gateway, for tests that call the API as any client would. */
record Api(URI baseUrl) {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, JsonNode body) {
    }

    Answer get(String path, String apiKey) {
        return send(builder(path, apiKey).GET());
    }

    Answer post(String path, String apiKey, Object body) {
        return send(builder(path, apiKey).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    Answer post(String path, Map<String, String> headers, byte[] body) {
        HttpRequest.Builder builder = builder(path, null).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(builder::header);
        return send(builder);
    }

    Answer delete(String path, String apiKey) {
        return send(builder(path, apiKey).DELETE());
    }

    private HttpRequest.Builder builder(String path, String apiKey) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(baseUrl.resolve(path));
        if (apiKey != null) {
            builder.header("Authorization", "Bearer " + apiKey);
        }
        return builder;
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body().isEmpty() ? null : JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String json(Object body) {
        try {
            return body instanceof String text ? text : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
