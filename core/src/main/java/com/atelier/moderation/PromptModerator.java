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

    private final PhraseIndex blocked = new PhraseIndex();
    private final List<ListedPhrase> blockedPrefixes = new ArrayList<>();
    private final PhraseIndex blockedJoined = new PhraseIndex();
    private final PhraseIndex allowed = new PhraseIndex();

    public PromptModerator(List<ListedPhrase> blockedPhrases, List<ListedPhrase> allowedPhrases) {
        for (ListedPhrase phrase : blockedPhrases) {
            if (phrase.joined() != null) {
                blockedJoined.add(phrase.joined(), ListedPhrase.squeeze(phrase.joined()), phrase);
            }
            if (phrase.exactKey() == null) {
                blockedPrefixes.add(phrase);
            } else {
                blocked.add(phrase.exactKey(), phrase.stretchedKey(), phrase);
            }
        }
        for (ListedPhrase phrase : allowedPhrases) {
            allowed.add(phrase.exactKey(), phrase.stretchedKey(), phrase);
        }
    }

    /**
     * Phrases by the key of the word they start with, as written and with every run read once; a
     * prompt word is looked up by the first, and a visibly stretched one by the second too.
     */
    private static final class PhraseIndex {
        private final Map<String, List<ListedPhrase>> byExactKey = new HashMap<>();
        private final Map<String, List<ListedPhrase>> byStretchedKey = new HashMap<>();

        void add(String exactKey, String stretchedKey, ListedPhrase phrase) {
            byExactKey.computeIfAbsent(exactKey, key -> new ArrayList<>()).add(phrase);
            byStretchedKey.computeIfAbsent(stretchedKey, key -> new ArrayList<>()).add(phrase);
        }

        /** Candidates for a phrase starting at this word (in the word's singular too: a last word may be plural). */
        Set<ListedPhrase> candidates(String word) {
            Set<ListedPhrase> found = new LinkedHashSet<>();
            addCandidates(word, found);
            if (word.length() > 4 && word.endsWith("es")) {
                addCandidates(word.substring(0, word.length() - 2), found);
            }
            if (word.length() > 3 && word.endsWith("s")) {
                addCandidates(word.substring(0, word.length() - 1), found);
            }
            return found;
        }

        private void addCandidates(String form, Set<ListedPhrase> found) {
            found.addAll(byExactKey.getOrDefault(ListedPhrase.shortenRuns(form), List.of()));
            if (ListedPhrase.isStretched(form)) {
                found.addAll(byStretchedKey.getOrDefault(ListedPhrase.squeeze(form), List.of()));
            }
        }
    }

    /** The moderator of the lists shipped in this build. */
    public static PromptModerator fromClasspath() {
        List<ListedPhrase> blockedPhrases = new ArrayList<>();
        for (String[] line : read("moderation/terms.tsv")) {
            ModerationCategory category = ModerationCategory.fromLabel(line[0]);
            blockedPhrases.add(ListedPhrase.parse(category, line[1].replace("*", ""), line[1]));
        }
        for (String[] line : read("moderation/public-figures.tsv")) {
            String name = line[0];
            blockedPhrases.add(ListedPhrase.parse(ModerationCategory.PUBLIC_FIGURE, name, name));
            if (line.length > 1) {
                for (String alias : line[1].split("\\|")) {
                    if (!alias.isBlank()) {
                        blockedPhrases.add(ListedPhrase.parse(ModerationCategory.PUBLIC_FIGURE, name, alias));
                    }
                }
            }
        }
        List<ListedPhrase> allowedPhrases = new ArrayList<>();
        for (String[] line : read("moderation/allowed-phrases.tsv")) {
            allowedPhrases.add(ListedPhrase.parse(ModerationCategory.SEXUAL, line[0], line[0]));
        }
        return new PromptModerator(blockedPhrases, allowedPhrases);
    }

    public ModerationDecision moderate(String prompt) {
        List<ModerationDecision.Finding> findings = new ArrayList<>();
        for (List<PromptNormalizer.Word> words : PromptNormalizer.readings(prompt)) {
            find(words, prompt, findings);
        }
        return findings.isEmpty() ? new ModerationDecision.Allowed() : new ModerationDecision.Blocked(findings);
    }

    private void find(List<PromptNormalizer.Word> words, String prompt, List<ModerationDecision.Finding> findings) {
        List<ListedPhrase.PromptWord> forms = words.stream().map(word -> ListedPhrase.PromptWord.of(word.text())).toList();
        boolean[] masked = maskedByAllowedPhrases(words, forms);
        for (int i = 0; i < words.size(); i++) {
            String text = words.get(i).text();
            for (ListedPhrase phrase : blocked.candidates(text)) {
                record(phrase, phrase.matchAt(forms, i), words, i, masked, prompt, findings);
            }
            for (ListedPhrase phrase : blockedJoined.candidates(text)) {
                record(phrase, phrase.matchesJoined(forms.get(i)) ? 1 : 0, words, i, masked, prompt, findings);
            }
            if (text.length() >= 3) {
                for (ListedPhrase phrase : blockedPrefixes) {
                    record(phrase, phrase.matchAt(forms, i), words, i, masked, prompt, findings);
                }
            }
        }
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

    private boolean[] maskedByAllowedPhrases(List<PromptNormalizer.Word> words, List<ListedPhrase.PromptWord> forms) {
        boolean[] masked = new boolean[words.size()];
        for (int i = 0; i < words.size(); i++) {
            for (ListedPhrase phrase : allowed.candidates(words.get(i).text())) {
                int span = phrase.matchAt(forms, i);
                for (int k = i; k < i + span; k++) {
                    masked[k] = true;
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
