package com.atelier.moderation;

import java.util.List;
import java.util.Locale;

/**
 * A phrase from a moderation list, compared word by word with a prompt's normalized words. Words of
 * four letters or more also match with letters repeated or doubled differently ({@code bloooood},
 * {@code kil}); shorter ones only with runs of three or more letters shortened ({@code sexxx}). The
 * last word also matches its plural, and a last word written {@code stem*} matches any word starting so.
 */
record ListedPhrase(ModerationCategory category, String listed, List<String> words, boolean prefixLast) {

    static ListedPhrase parse(ModerationCategory category, String listed, String phrase) {
        String trimmed = phrase.trim().toLowerCase(Locale.ROOT);
        boolean prefix = trimmed.endsWith("*");
        String plain = prefix ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
        List<String> words = PromptNormalizer.words(plain).stream().map(PromptNormalizer.Word::text).toList();
        if (words.isEmpty()) {
            throw new IllegalArgumentException("an empty phrase in the " + category.label() + " list");
        }
        return new ListedPhrase(category, listed, words, prefix);
    }

    /** Whether the phrase is found at {@code start} of the prompt's words; the number of words it spans, or 0. */
    int matchAt(List<PromptNormalizer.Word> prompt, int start) {
        if (start + words.size() > prompt.size()) {
            return 0;
        }
        for (int k = 0; k < words.size(); k++) {
            boolean last = k == words.size() - 1;
            if (!wordMatches(prompt.get(start + k).text(), words.get(k), last && prefixLast, last)) {
                return 0;
            }
        }
        return words.size();
    }

    /**
     * A phrase of several words spelled out letter by letter ({@code h e i l h i t l e r}) reaches the
     * prompt as one word: this is that word's key, or null for a one-word or prefix phrase.
     */
    String joinedKey() {
        return words.size() < 2 || prefixLast ? null : squeeze(String.join("", words));
    }

    /** Whether one prompt word is this whole phrase written without spaces. */
    boolean matchesJoined(String promptWord) {
        String word = squeeze(promptWord);
        return word.equals(joinedKey()) || word.equals(joinedKey() + "s");
    }

    /** The key a prompt word must have for this phrase to start there (see {@link #key}). */
    String firstKey() {
        return prefixLast && words.size() == 1 ? null : key(words.get(0));
    }

    static String key(String word) {
        return word.length() >= 4 ? squeeze(word) : shortenRuns(word);
    }

    private static boolean wordMatches(String promptWord, String listedWord, boolean prefix, boolean last) {
        if (listedWord.length() < 4) {
            String word = shortenRuns(promptWord);
            String listed = shortenRuns(listedWord);
            return word.equals(listed) || prefix && word.startsWith(listed)
                    || last && (word.equals(listed + "s") || word.equals(listed + "es"));
        }
        String word = squeeze(promptWord);
        String listed = squeeze(listedWord);
        return word.equals(listed) || prefix && word.startsWith(listed)
                || last && (word.equals(listed + "s") || word.equals(listed + "es"));
    }

    /** Every run of a repeated letter as one letter. */
    static String squeeze(String word) {
        StringBuilder out = new StringBuilder(word.length());
        for (int i = 0; i < word.length(); i++) {
            if (i == 0 || word.charAt(i) != word.charAt(i - 1)) {
                out.append(word.charAt(i));
            }
        }
        return out.toString();
    }

    /** Runs of three or more of a letter as one, keeping ordinary double letters. */
    static String shortenRuns(String word) {
        StringBuilder out = new StringBuilder(word.length());
        int i = 0;
        while (i < word.length()) {
            int j = i;
            while (j < word.length() && word.charAt(j) == word.charAt(i)) {
                j++;
            }
            out.append(word, i, j - i >= 3 ? i + 1 : j);
            i = j;
        }
        return out.toString();
    }
}
