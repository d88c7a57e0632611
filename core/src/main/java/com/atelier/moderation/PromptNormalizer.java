package com.atelier.moderation;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a prompt into the words a person reads in it, whatever the writing tricks: NFKC (fullwidth
 * and styled letters), accents and zero-width characters removed, look-alike letters from other
 * scripts mapped to Latin, case folded, leetspeak inside words decoded ({@code k1ll}, {@code n@ked}),
 * punctuation inside words removed ({@code k.i.l.l}) and spelled-out letters joined ({@code g o r e}).
 * Each word keeps the span of the original text it came from, for evidence.
 */
public final class PromptNormalizer {

    /** A word of the prompt as normalized, and where it stands in the original. */
    public record Word(String text, int start, int end) {
    }

    /** Letters of other scripts that look like Latin ones (after NFKC and case folding). */
    private static final Map<Character, Character> CONFUSABLES = Map.ofEntries(
            Map.entry('а', 'a'), Map.entry('в', 'b'), Map.entry('е', 'e'), Map.entry('ё', 'e'), Map.entry('к', 'k'),
            Map.entry('м', 'm'), Map.entry('н', 'h'), Map.entry('о', 'o'), Map.entry('р', 'p'), Map.entry('с', 'c'),
            Map.entry('т', 't'), Map.entry('у', 'y'), Map.entry('х', 'x'), Map.entry('і', 'i'), Map.entry('ї', 'i'),
            Map.entry('ј', 'j'), Map.entry('ѕ', 's'), Map.entry('ԁ', 'd'), Map.entry('ɡ', 'g'), Map.entry('ӏ', 'l'),
            Map.entry('α', 'a'), Map.entry('β', 'b'), Map.entry('ε', 'e'), Map.entry('η', 'n'), Map.entry('ι', 'i'),
            Map.entry('κ', 'k'), Map.entry('ν', 'v'), Map.entry('ο', 'o'), Map.entry('ρ', 'p'), Map.entry('τ', 't'),
            Map.entry('υ', 'u'), Map.entry('χ', 'x'), Map.entry('ω', 'w'), Map.entry('ɑ', 'a'), Map.entry('ı', 'i'),
            Map.entry('ℓ', 'l'));

    /** Digits and symbols standing for letters, decoded only inside words that also have letters. */
    private static final Map<Character, Character> LEET = Map.ofEntries(
            Map.entry('0', 'o'), Map.entry('1', 'i'), Map.entry('3', 'e'), Map.entry('4', 'a'), Map.entry('5', 's'),
            Map.entry('7', 't'), Map.entry('8', 'b'), Map.entry('9', 'g'), Map.entry('@', 'a'), Map.entry('$', 's'),
            Map.entry('!', 'i'), Map.entry('|', 'l'), Map.entry('€', 'e'));

    private PromptNormalizer() {
    }

    public static List<Word> words(String prompt) {
        String folded = fold(prompt);
        List<Word> words = new ArrayList<>();
        int i = 0;
        while (i < folded.length()) {
            if (Character.isWhitespace(folded.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < folded.length() && !Character.isWhitespace(folded.charAt(i))) {
                i++;
            }
            splitChunk(folded, start, i, words);
        }
        return joinSpelledOutLetters(words);
    }

    /**
     * NFKC, then without accents or invisible characters, look-alikes mapped, lower case. Every
     * character of the input maps to exactly one character here (a removed one becomes U+0000), so
     * positions still point into the original prompt.
     */
    static String fold(String prompt) {
        StringBuilder out = new StringBuilder(prompt.length());
        for (int i = 0; i < prompt.length(); i++) {
            char c = prompt.charAt(i);
            String compatible = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKD);
            char base = 0;
            for (int k = 0; k < compatible.length(); k++) {
                char part = compatible.charAt(k);
                int type = Character.getType(part);
                if (type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK
                        && type != Character.FORMAT && type != Character.CONTROL) {
                    base = part;
                    break;
                }
            }
            if (base != 0) {
                base = Character.toLowerCase(base);
                base = CONFUSABLES.getOrDefault(base, base);
            }
            out.append(base);
        }
        return out.toString();
    }

    /** A run without spaces: leetspeak decoded when it has letters; split on what is still not a letter. */
    private static void splitChunk(String folded, int start, int end, List<Word> words) {
        boolean hasLetter = false;
        for (int i = start; i < end; i++) {
            hasLetter |= Character.isLetter(folded.charAt(i));
        }
        StringBuilder word = new StringBuilder();
        int wordStart = -1;
        int lastLetter = -1;
        for (int i = start; i < end; i++) {
            char c = folded.charAt(i);
            if (c == 0) {
                continue;
            }
            char letter = Character.isLetter(c) ? c : hasLetter ? LEET.getOrDefault(c, (char) 0) : 0;
            boolean trailingBang = c == '!' && !followedByLetter(folded, i, end);
            if (letter != 0 && !trailingBang) {
                if (wordStart < 0) {
                    wordStart = i;
                }
                word.append(letter);
                lastLetter = i;
            } else if (!Character.isLetterOrDigit(c) && word.length() > 0 && !isInnerPunctuation(folded, i, end)) {
                words.add(new Word(word.toString(), wordStart, lastLetter + 1));
                word.setLength(0);
                wordStart = -1;
            }
        }
        if (word.length() > 0) {
            words.add(new Word(word.toString(), wordStart, lastLetter + 1));
        }
    }

    /** A dot or dash between single letters, as in {@code k.i.l.l} or {@code n-u-d-e}, is part of the word. */
    private static boolean isInnerPunctuation(String folded, int at, int end) {
        return at > 0 && at + 1 < end && isLetterish(folded.charAt(at - 1)) && isLetterish(folded.charAt(at + 1))
                && (at < 2 || !isLetterish(folded.charAt(at - 2)) || at + 2 >= end || !isLetterish(folded.charAt(at + 2)));
    }

    private static boolean isLetterish(char c) {
        return Character.isLetter(c) || LEET.containsKey(c);
    }

    private static boolean followedByLetter(String folded, int at, int end) {
        return at + 1 < end && Character.isLetter(folded.charAt(at + 1));
    }

    /** Consecutive one-letter words ({@code g o r e}) are read as one word. */
    private static List<Word> joinSpelledOutLetters(List<Word> words) {
        List<Word> joined = new ArrayList<>(words.size());
        int i = 0;
        while (i < words.size()) {
            int j = i;
            while (j < words.size() && words.get(j).text().length() == 1) {
                j++;
            }
            if (j - i >= 3) {
                StringBuilder letters = new StringBuilder();
                for (int k = i; k < j; k++) {
                    letters.append(words.get(k).text());
                }
                joined.add(new Word(letters.toString(), words.get(i).start(), words.get(j - 1).end()));
                i = j;
            } else {
                joined.add(words.get(i));
                i++;
            }
        }
        return joined;
    }
}
