package com.atelier.local.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Which Atelier the client talks to and with which key. Each of the two is taken from the first place
 * that has it: the command's flag ({@code --url}, {@code --api-key}), the environment
 * ({@code ATELIER_URL}, {@code ATELIER_API_KEY}), the config file ({@code ATELIER_CONFIG}, else
 * {@code $XDG_CONFIG_HOME/atelier/config.json}, else {@code ~/.config/atelier/config.json}, with
 * fields {@code url} and {@code api_key}), and last the running local stack's state file
 * ({@code .atelier/local.json}: its gateway and the demo account's key).
 */
public record ClientSettings(URI url, String apiKey) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the values may come from, in the order they are looked at. */
    public record Sources(Optional<String> urlFlag, Optional<String> apiKeyFlag, Map<String, String> environment,
                          Path userHome, Path localStateFile) {
    }

    public static ClientSettings resolve(Sources sources) {
        Map<String, String> environment = sources.environment();
        JsonNode config = readJson(configFile(environment, sources.userHome()));
        JsonNode state = readJson(Optional.of(sources.localStateFile()));
        String url = sources.urlFlag()
                .or(() -> nonBlank(environment.get("ATELIER_URL")))
                .or(() -> text(config, "url"))
                .or(() -> text(state, "gatewayUrl"))
                .orElseThrow(() -> new ClientException(ExitCode.NO_STACK, "no Atelier stack is running here (no "
                        + sources.localStateFile() + "): start one with ./atelier up, or name one with --url or ATELIER_URL"));
        String apiKey = sources.apiKeyFlag()
                .or(() -> nonBlank(environment.get("ATELIER_API_KEY")))
                .or(() -> text(config, "api_key"))
                .or(() -> Optional.ofNullable(state).map(found -> found.at("/accounts/demo/apiKey"))
                        .filter(JsonNode::isTextual).map(JsonNode::asText))
                .orElseThrow(() -> new ClientException(ExitCode.BAD_API_KEY,
                        "no API key: pass --api-key, or set ATELIER_API_KEY"));
        URI parsed;
        try {
            parsed = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new ClientException(ExitCode.USAGE, "'" + url + "' is not a URL");
        }
        if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme())) {
            throw new ClientException(ExitCode.USAGE, "'" + url + "' is not an http or https URL");
        }
        return new ClientSettings(parsed, apiKey);
    }

    static Optional<Path> configFile(Map<String, String> environment, Path userHome) {
        Optional<String> named = nonBlank(environment.get("ATELIER_CONFIG"));
        if (named.isPresent()) {
            return Optional.of(Path.of(named.get()));
        }
        Path configHome = nonBlank(environment.get("XDG_CONFIG_HOME")).map(Path::of).orElse(userHome.resolve(".config"));
        return Optional.of(configHome.resolve("atelier/config.json"));
    }

    private static JsonNode readJson(Optional<Path> file) {
        if (file.isEmpty() || !Files.isRegularFile(file.get())) {
            return null;
        }
        try {
            return JSON.readTree(file.get().toFile());
        } catch (IOException e) {
            throw new ClientException(ExitCode.USAGE, "cannot read " + file.get() + ": " + e.getMessage());
        }
    }

    private static Optional<String> text(JsonNode json, String field) {
        return Optional.ofNullable(json).map(found -> found.get(field)).filter(JsonNode::isTextual)
                .map(JsonNode::asText).filter(value -> !value.isBlank());
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(found -> !found.isBlank());
    }
}
