package com.atelier.moderation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Moderates prompts against the lists in {@code moderation/} (see its README): blocked terms by
 * category, public figures' names and aliases, and innocent phrases that mask the terms inside them
 * ("killer whale", "shoot a photo"). Matching is on normalized whole words ({@link PromptNormalizer}),
 * so obfuscation does not hide a term and a term inside another word ("skill") is not one.
 * Immutable and thread-safe; build it once per process.
 */
public final class PromptModerator {

    private final Map<String, List<ListedPhrase>> blockedByFirstKey = new HashMap<>();
    private final List<ListedPhrase> blockedPrefixes = new ArrayList<>();
    private final Map<String, List<ListedPhrase>> blockedByJoinedKey = new HashMap<>();
    private final Map<String, List<ListedPhrase>> allowedByFirstKey = new HashMap<>();

    public PromptModerator(List<ListedPhrase> blocked, List<ListedPhrase> allowed) {
        for (ListedPhrase phrase : blocked) {
            if (phrase.joinedKey() != null) {
                blockedByJoinedKey.computeIfAbsent(phrase.joinedKey(), key -> new ArrayList<>()).add(phrase);
            }
            if (phrase.firstKey() == null) {
                blockedPrefixes.add(phrase);
            } else {
                blockedByFirstKey.computeIfAbsent(phrase.firstKey(), key -> new ArrayList<>()).add(phrase);
            }
        }
        for (ListedPhrase phrase : allowed) {
            allowedByFirstKey.computeIfAbsent(phrase.firstKey(), key -> new ArrayList<>()).add(phrase);
        }
    }

    /** The moderator of the lists shipped in this build. */
    public static PromptModerator fromClasspath() {
        List<ListedPhrase> blocked = new ArrayList<>();
        for (String[] line : read("moderation/terms.tsv")) {
            ModerationCategory category = ModerationCategory.fromLabel(line[0]);
            blocked.add(ListedPhrase.parse(category, line[1].replace("*", ""), line[1]));
        }
        for (String[] line : read("moderation/public-figures.tsv")) {
            String name = line[0];
            blocked.add(ListedPhrase.parse(ModerationCategory.PUBLIC_FIGURE, name, name));
            if (line.length > 1) {
                for (String alias : line[1].split("\\|")) {
                    if (!alias.isBlank()) {
                        blocked.add(ListedPhrase.parse(ModerationCategory.PUBLIC_FIGURE, name, alias));
                    }
                }
            }
        }
        List<ListedPhrase> allowed = new ArrayList<>();
        for (String[] line : read("moderation/allowed-phrases.tsv")) {
            allowed.add(ListedPhrase.parse(ModerationCategory.SEXUAL, line[0], line[0]));
        }
        return new PromptModerator(blocked, allowed);
    }

    public ModerationDecision moderate(String prompt) {
        List<PromptNormalizer.Word> words = PromptNormalizer.words(prompt);
        boolean[] masked = maskedByAllowedPhrases(words);
        List<ModerationDecision.Finding> findings = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String text = words.get(i).text();
            for (String key : candidateKeys(text)) {
                for (ListedPhrase phrase : blockedByFirstKey.getOrDefault(key, List.of())) {
                    record(phrase, phrase.matchAt(words, i), words, i, masked, prompt, findings);
                }
                for (ListedPhrase phrase : blockedByJoinedKey.getOrDefault(key, List.of())) {
                    record(phrase, phrase.matchesJoined(text) ? 1 : 0, words, i, masked, prompt, findings);
                }
            }
            if (text.length() >= 3) {
                for (ListedPhrase phrase : blockedPrefixes) {
                    record(phrase, phrase.matchAt(words, i), words, i, masked, prompt, findings);
                }
            }
        }
        return findings.isEmpty() ? new ModerationDecision.Allowed() : new ModerationDecision.Blocked(findings);
    }

    /**
     * The index keys a listed phrase starting with this word may have: the word's forms with repeated
     * letters shortened, and the same without a plural ending, since the last word of a phrase also
     * matches its plural.
     */
    private static Set<String> candidateKeys(String word) {
        Set<String> keys = new LinkedHashSet<>();
        keys.add(ListedPhrase.squeeze(word));
        keys.add(ListedPhrase.shortenRuns(word));
        for (String ending : List.of("es", "s")) {
            if (word.length() > ending.length() + 2 && word.endsWith(ending)) {
                String singular = word.substring(0, word.length() - ending.length());
                keys.add(ListedPhrase.squeeze(singular));
                keys.add(ListedPhrase.shortenRuns(singular));
            }
        }
        return keys;
    }

    private static void record(ListedPhrase phrase, int span, List<PromptNormalizer.Word> words, int start,
                               boolean[] masked, String prompt, List<ModerationDecision.Finding> findings) {
        if (span == 0) {
            return;
        }
        boolean allMasked = true;
        for (int k = start; k < start + span; k++) {
            allMasked &= masked[k];
        }
        if (allMasked) {
            return;
        }
        String text = prompt.substring(words.get(start).start(), words.get(start + span - 1).end());
        ModerationDecision.Finding finding = new ModerationDecision.Finding(phrase.category(), phrase.listed(), text);
        if (!findings.contains(finding)) {
            findings.add(finding);
        }
    }

    private boolean[] maskedByAllowedPhrases(List<PromptNormalizer.Word> words) {
        boolean[] masked = new boolean[words.size()];
        for (int i = 0; i < words.size(); i++) {
            for (String key : candidateKeys(words.get(i).text())) {
                for (ListedPhrase phrase : allowedByFirstKey.getOrDefault(key, List.of())) {
                    int span = phrase.matchAt(words, i);
                    for (int k = i; k < i + span; k++) {
                        masked[k] = true;
                    }
                }
            }
        }
        return masked;
    }

    private static List<String[]> read(String resource) {
        InputStream in = PromptModerator.class.getClassLoader().getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the moderation list " + resource + " is missing from the build");
        }
        List<String[]> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    lines.add(line.split("\t"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
        return lines;
    }
}
