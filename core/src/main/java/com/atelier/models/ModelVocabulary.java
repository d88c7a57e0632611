package com.atelier.models;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The words a model knows, read from its own CLIP tokenizer: the whole-word tokens ({@code …</w>})
 * that its byte-pair merges end in, not the fragments merged into longer ones. A model trained on a
 * closed grammar (the bundled one) has a merge per word of its grammar, so these are its words; a
 * real CLIP vocabulary has tens of thousands, and an operator turns the rule off for it.
 */
public record ModelVocabulary(SortedSet<String> words) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String END_OF_WORD = "</w>";

    public ModelVocabulary {
        words = new TreeSet<>(words);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a vocabulary has at least one word");
        }
    }

    /** From {@code tokenizer/vocab.json} and {@code tokenizer/merges.txt}, as CLIP's tokenizer reads them. */
    public static ModelVocabulary fromTokenizer(String vocabJson, String merges) {
        Map<String, Integer> vocabulary;
        try {
            vocabulary = JSON.readValue(vocabJson, new TypeReference<>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("tokenizer/vocab.json is not a JSON object of tokens", e);
        }
        Set<String> mergedFurther = new HashSet<>();
        merges.lines().filter(line -> !line.startsWith("#version") && !line.isBlank())
                .forEach(line -> mergedFurther.addAll(Arrays.asList(line.strip().split(" "))));
        SortedSet<String> words = new TreeSet<>();
        for (String token : vocabulary.keySet()) {
            String word = token.endsWith(END_OF_WORD) ? token.substring(0, token.length() - END_OF_WORD.length()) : "";
            if (word.length() > 1 && !mergedFurther.contains(token) && word.chars().allMatch(Character::isLetter)) {
                words.add(word);
            }
        }
        return new ModelVocabulary(words);
    }

    /** Whether any word of the prompt is one of these, as the tokenizer reads it: lower-cased, split at non-letters. */
    public boolean knowsAnyWordOf(String prompt) {
        return Arrays.stream(prompt.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")).anyMatch(words::contains);
    }
}
