package com.atelier.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelVocabularyTest {

    private static final Path BUNDLED = Path.of("../models/atelier-shapes-64");

    private static ModelCard bundled() {
        return ModelCard.read(path -> {
            try {
                return Optional.of(Files.readString(BUNDLED.resolve(path)));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    @Test
    void theWordsAreTheWholeWordsTheMergesEndInNotTheFragmentsOnTheWay() {
        ModelVocabulary vocabulary = ModelVocabulary.fromTokenizer(
                "{\"r\":0,\"e\":1,\"d</w>\":2,\"re\":3,\"red</w>\":4,\"s\":5,\"t\":6,\"ar</w>\":7,\"star</w>\":8,\"st\":9}",
                "#version: 0.2\nr e\nre d</w>\ns t\na r</w>\nst ar</w>\n");

        assertThat(vocabulary.words()).containsExactly("red", "star");
    }

    @Test
    void theBundledModelKnowsItsGrammarsWordsAndNoFragments() {
        ModelCard model = bundled();

        assertThat(model.id()).isEqualTo("atelier-shapes-64");
        assertThat(model.nativeSizePixels()).isEqualTo(64);
        assertThat(model.vocabulary().words()).contains("red", "blue", "circle", "square", "triangle", "star", "cross",
                "left", "right", "above", "below", "background", "small", "large")
                .doesNotContain("ackground", "riangle", "ellow", "quare");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a red circle", "A BLUE Square!", "star", "a cat below a dog", "crimson-circle"})
    void aPromptWithAnyKnownWordIsKnown(String prompt) {
        assertThat(bundled().vocabulary().knowsAnyWordOf(prompt)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a cat", "a portrait by a painter", "sunset over mountains", "ackground", "rede", "123"})
    void aPromptWithNoKnownWordIsNot(String prompt) {
        assertThat(bundled().vocabulary().knowsAnyWordOf(prompt)).isFalse();
    }
}
