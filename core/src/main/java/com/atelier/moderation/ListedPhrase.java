package com.atelier.moderation;

import java.util.List;
import java.util.Locale;

/**
 * A phrase from a moderation list, compared word by word with a prompt's normalized words. A prompt
 * word matches when it is the listed word (runs of three or more of a letter read as one, so
 * {@code sexxx} is {@code sex}); a word visibly stretched that way also matches when its letters,
 * each run read once, are the listed word's ({@code bloooood}, {@code kiiiill}). Ordinary doubled
 * letters are never ignored, so {@code deep} is not {@code depp} and {@code topples} is not
 * {@code topless}. The last word also matches its plural, and a last word written {@code stem*}
 * matches any word starting so.
 */
record ListedPhrase(ModerationCategory category, String listed, List<String> words, boolean prefixLast,
                    List<String> shortenedWords, List<String> squeezedWords) {

    ListedPhrase(ModerationCategory category, String listed, List<String> words, boolean prefixLast) {
        this(category, listed, words, prefixLast, words.stream().map(ListedPhrase::shortenRuns).toList(),
                words.stream().map(ListedPhrase::squeeze).toList());
    }

    /** A prompt word in the forms matching compares, computed once per word of a prompt. */
    record PromptWord(String shortened, String squeezed, boolean stretched) {
        static PromptWord of(String word) {
            return new PromptWord(shortenRuns(word), squeeze(word), isStretched(word));
        }
    }

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
    int matchAt(List<PromptWord> prompt, int start) {
        if (start + words.size() > prompt.size()) {
            return 0;
        }
        for (int k = 0; k < words.size(); k++) {
            boolean last = k == words.size() - 1;
            PromptWord word = prompt.get(start + k);
            boolean matches = sameWord(word.shortened(), shortenedWords.get(k), last && prefixLast, last)
                    || word.stretched() && sameWord(word.squeezed(), squeezedWords.get(k), last && prefixLast, last);
            if (!matches) {
                return 0;
            }
        }
        return words.size();
    }

    /** The index keys under which a prompt word may start this phrase: as written, and with runs read once. */
    String exactKey() {
        return prefixLast && words.size() == 1 ? null : shortenRuns(words.get(0));
    }

    String stretchedKey() {
        return prefixLast && words.size() == 1 ? null : squeeze(words.get(0));
    }

    /**
     * A phrase of several words spelled out letter by letter ({@code h e i l h i t l e r}) reaches the
     * prompt as one word: this is that word, or null for a one-word or prefix phrase.
     */
    String joined() {
        return words.size() < 2 || prefixLast ? null : String.join("", words);
    }

    /**
     * Whether one prompt word is this whole phrase written without spaces. The joined phrase is
     * compared as it is: shortening its runs would read "ss skull" as "skull".
     */
    boolean matchesJoined(PromptWord word) {
        return sameWord(word.shortened(), joined(), false, true)
                || word.stretched() && sameWord(word.squeezed(), squeeze(joined()), false, true);
    }

    private static boolean sameWord(String word, String listed, boolean prefix, boolean last) {
        return word.equals(listed) || prefix && word.startsWith(listed)
                || last && (word.equals(listed + "s") || word.equals(listed + "es"));
    }

    /** A word with a letter written three or more times in a row. */
    static boolean isStretched(String word) {
        for (int i = 2; i < word.length(); i++) {
            if (word.charAt(i) == word.charAt(i - 1) && word.charAt(i) == word.charAt(i - 2)) {
                return true;
            }
        }
        return false;
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
