package com.atelier.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AtelierConfigTest {

    @Test
    void defaultsSuitTheLocalStack() {
        AtelierConfig config = AtelierConfig.from(Map.of());

        assertThat(config.stage()).isEqualTo("local");
        assertThat(config.imagesBucketName()).isEqualTo("atelier-local-images");
        assertThat(config.resourcePrefix()).isEqualTo("atelier-local-");
    }

    @Test
    void readsStageAndBucketFromTheirVariables() {
        AtelierConfig config = AtelierConfig.from(Map.of(
                "ATELIER_STAGE", "prod",
                "ATELIER_IMAGES_BUCKET", "atelier-prod-images-123456789012"));

        assertThat(config.stage()).isEqualTo("prod");
        assertThat(config.imagesBucketName()).isEqualTo("atelier-prod-images-123456789012");
    }

    @Test
    void blankVariablesFallBackToDefaults() {
        assertThat(AtelierConfig.from(Map.of("ATELIER_STAGE", "  ")).stage()).isEqualTo("local");
    }

    @Test
    void anInvalidStageIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> AtelierConfig.from(Map.of("ATELIER_STAGE", "Prod_1")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ATELIER_STAGE='Prod_1'");
    }

    @Test
    void anInvalidBucketIsRefusedNamingTheVariable() {
        assertThatThrownBy(() -> AtelierConfig.from(Map.of("ATELIER_IMAGES_BUCKET", "Images!")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ATELIER_IMAGES_BUCKET");
    }

    @Test
    void theKnownWordsRuleIsOnUnlessTurnedOffAndNothingElseIsAccepted() {
        assertThat(AtelierConfig.from(Map.of()).requireKnownWords()).isTrue();
        assertThat(AtelierConfig.from(Map.of("ATELIER_REQUIRE_KNOWN_WORDS", "off")).requireKnownWords()).isFalse();
        assertThatThrownBy(() -> AtelierConfig.from(Map.of("ATELIER_REQUIRE_KNOWN_WORDS", "no")))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("ATELIER_REQUIRE_KNOWN_WORDS");
    }
}
