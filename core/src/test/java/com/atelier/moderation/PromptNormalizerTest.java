package com.atelier.moderation;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PromptNormalizerTest {

    private static List<String> words(String prompt) {
        return PromptNormalizer.words(prompt).stream().map(PromptNormalizer.Word::text).toList();
    }

    @Test
    void caseAndPunctuationBetweenWordsAreIgnored() {
        assertThat(words("A Red, CIRCLE; left-of a square!")).containsExactly("a", "red", "circle", "left", "of", "a", "square");
    }

    @Test
    void leetspeakInsideWordsIsDecodedButNumbersStayNumbers() {
        assertThat(words("k1ll n@ked $ex in 1990")).containsExactly("kill", "naked", "sex", "in");
    }

    @Test
    void punctuationAndSpacesBetweenSingleLettersJoinThem() {
        assertThat(words("k.i.l.l and g o r e and n-u-d-e")).containsExactly("kill", "and", "gore", "and", "nude");
    }

    @Test
    void lookAlikeLettersZeroWidthCharactersAndFullwidthFormsAreRead() {
        assertThat(words("n\u0430ked")).containsExactly("naked");
        assertThat(words("ki\u200Bll")).containsExactly("kill");
        assertThat(words("\uFF4E\uFF55\uFF44\uFF45")).containsExactly("nude");
        assertThat(words("caf\u00E9")).containsExactly("cafe");
    }

    @Test
    void mathematicalAlphanumericLettersOutsideTheBmpAreRead() {
        assertThat(words("\uD835\uDC27\uD835\uDC2E\uD835\uDC1D\uD835\uDC1E model")).containsExactly("nude", "model");
        assertThat(words("\uD835\uDE63\uD835\uDE6A\uD835\uDE59\uD835\uDE5A")).containsExactly("nude");
    }

    @Test
    void spelledOutLettersAfterAnArticleAlsoReadAsAWordOfTheirOwn() {
        assertThat(PromptNormalizer.readings("a g o r e y statue")).extracting(reading -> reading.stream()
                .map(PromptNormalizer.Word::text).toList())
                .contains(List.of("agorey", "statue"), List.of("a", "gorey", "statue"));
        assertThat(PromptNormalizer.readings("a cat")).hasSize(1);
    }

    @Test
    void wordsPointBackAtTheOriginalText() {
        String prompt = "a K.I.L.L scene";
        PromptNormalizer.Word word = PromptNormalizer.words(prompt).get(1);

        assertThat(prompt.substring(word.start(), word.end())).isEqualTo("K.I.L.L");
    }
}
