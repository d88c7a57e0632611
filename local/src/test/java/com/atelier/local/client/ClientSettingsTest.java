package com.atelier.local.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientSettingsTest {

    @TempDir
    Path home;

    private Path stateFile;

    @BeforeEach
    void aRunningLocalStack() throws IOException {
        stateFile = home.resolve("checkout/.atelier/local.json");
        Files.createDirectories(stateFile.getParent());
        Files.writeString(stateFile, "{\"gatewayUrl\":\"http://127.0.0.1:8080\",\"accounts\":{\"demo\":{\"apiKey\":\"sk-state\"}}}");
    }

    private void configFile(String json) throws IOException {
        Path config = home.resolve(".config/atelier/config.json");
        Files.createDirectories(config.getParent());
        Files.writeString(config, json);
    }

    private ClientSettings resolve(String urlFlag, String keyFlag, Map<String, String> environment) {
        return ClientSettings.resolve(new ClientSettings.Sources(Optional.ofNullable(urlFlag), Optional.ofNullable(keyFlag),
                environment, home, stateFile));
    }

    @Test
    void withNothingSetTheRunningLocalStackAndItsDemoKeyAreUsed() {
        assertThat(resolve(null, null, Map.of()))
                .isEqualTo(new ClientSettings(URI.create("http://127.0.0.1:8080"), "sk-state"));
    }

    @Test
    void theConfigFileComesBeforeTheLocalStack() throws IOException {
        configFile("{\"url\":\"https://atelier.example\",\"api_key\":\"sk-config\"}");

        assertThat(resolve(null, null, Map.of()))
                .isEqualTo(new ClientSettings(URI.create("https://atelier.example"), "sk-config"));
    }

    @Test
    void theEnvironmentComesBeforeTheConfigFileAndFlagsBeforeEverything() throws IOException {
        configFile("{\"url\":\"https://atelier.example\",\"api_key\":\"sk-config\"}");
        Map<String, String> environment = Map.of("ATELIER_URL", "http://env.example/", "ATELIER_API_KEY", "sk-env");

        assertThat(resolve(null, null, environment))
                .isEqualTo(new ClientSettings(URI.create("http://env.example"), "sk-env"));
        assertThat(resolve("http://flag.example", "sk-flag", environment))
                .isEqualTo(new ClientSettings(URI.create("http://flag.example"), "sk-flag"));
    }

    @Test
    void eachValueComesFromTheFirstPlaceThatHasIt() {
        assertThat(resolve("http://flag.example", null, Map.of()))
                .isEqualTo(new ClientSettings(URI.create("http://flag.example"), "sk-state"));
    }

    @Test
    void atelierConfigNamesAnotherConfigFile() throws IOException {
        Path elsewhere = home.resolve("elsewhere.json");
        Files.writeString(elsewhere, "{\"url\":\"http://elsewhere.example\"}");

        assertThat(resolve(null, null, Map.of("ATELIER_CONFIG", elsewhere.toString())).url())
                .isEqualTo(URI.create("http://elsewhere.example"));
    }

    @Test
    void withNoStackRunningAndNoUrlTheErrorSaysHowToStartOne() throws IOException {
        Files.delete(stateFile);

        assertThatThrownBy(() -> resolve(null, "sk-flag", Map.of()))
                .isInstanceOfSatisfying(ClientException.class, failure -> {
                    assertThat(failure.exitCode()).isEqualTo(ExitCode.NO_STACK);
                    assertThat(failure.getMessage()).contains("start one with ./atelier up");
                });
    }

    @Test
    void aUrlThatIsNotHttpIsBadUsage() {
        assertThatThrownBy(() -> resolve("ftp://atelier.example", null, Map.of()))
                .isInstanceOfSatisfying(ClientException.class,
                        failure -> assertThat(failure.exitCode()).isEqualTo(ExitCode.USAGE));
    }
}
