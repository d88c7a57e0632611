package com.atelier.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CorsSettingsTest {

    @Test
    void theLocalStageAllowsViteDevServerAndOtherStagesNothingUnlessConfigured() {
        assertThat(CorsSettings.from(Map.of()).allowedOrigins()).isEqualTo(CorsSettings.LOCAL_DEV_ORIGINS);
        assertThat(CorsSettings.from(Map.of("ATELIER_STAGE", "prod")).allowedOrigins()).isEmpty();
        assertThat(CorsSettings.from(Map.of("ATELIER_STAGE", "prod")).allows("https://app.example")).isFalse();
    }

    @Test
    void readsCommaSeparatedOriginsAndMatchesThemExactly() {
        CorsSettings cors = CorsSettings.from(Map.of("ATELIER_ALLOWED_ORIGINS", " https://app.example , http://127.0.0.1:8080"));

        assertThat(cors.allowedOrigins()).containsExactly("https://app.example", "http://127.0.0.1:8080");
        assertThat(cors.allows("https://app.example")).isTrue();
        assertThat(cors.allows("http://127.0.0.1:8080")).isTrue();
        assertThat(cors.allows("https://APP.example")).isFalse();
        assertThat(cors.allows("https://app.example.evil")).isFalse();
        assertThat(cors.allows("http://app.example")).isFalse();
        assertThat(cors.allows("null")).isFalse();
        assertThat(cors.allows(null)).isFalse();
    }

    @Test
    void apiGatewaysPatternsAllowEveryOriginOrEveryOriginOfAScheme() {
        assertThat(new CorsSettings(List.of("*")).allows("http://anything:1")).isTrue();
        CorsSettings https = new CorsSettings(List.of("https://*"));
        assertThat(https.allows("https://a.example")).isTrue();
        assertThat(https.allows("http://a.example")).isFalse();
    }

    @Test
    void anOriginWithAPathIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> CorsSettings.from(Map.of("ATELIER_ALLOWED_ORIGINS", "https://app.example/")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ATELIER_ALLOWED_ORIGINS='https://app.example/'");
    }
}
