package com.atelier.moderation;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a prompt into the words a person reads in it, whatever the writing tricks: compatibility
 * forms folded by code point (fullwidth, circled, parenthesized and Mathematical Alphanumeric letters,
 * which lie outside the BMP), accents and zero-width characters removed, letters with no compatibility
 * form that still read as Latin mapped to it (small capitals, negative circled and squared letters,
 * regional indicators, Cyrillic and Greek look-alikes), case folded, leetspeak inside words decoded
 * ({@code k1ll}, {@code n@ked}), punctuation inside words removed ({@code k.i.l.l}) and spelled-out
 * letters joined ({@code g o r e}). Each word keeps the span of the original text it came from, for
 * evidence.
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
            Map.entry('ℓ', 'l'), Map.entry('һ', 'h'), Map.entry('ԛ', 'q'), Map.entry('ԝ', 'w'), Map.entry('ϲ', 'c'),
            Map.entry('ϳ', 'j'), Map.entry('ɩ', 'i'), Map.entry('ᴀ', 'a'), Map.entry('ʙ', 'b'), Map.entry('ᴄ', 'c'),
            Map.entry('ᴅ', 'd'), Map.entry('ᴇ', 'e'), Map.entry('ꜰ', 'f'), Map.entry('ɢ', 'g'), Map.entry('ʜ', 'h'),
            Map.entry('ɪ', 'i'), Map.entry('ᴊ', 'j'), Map.entry('ᴋ', 'k'), Map.entry('ʟ', 'l'), Map.entry('ᴍ', 'm'),
            Map.entry('ɴ', 'n'), Map.entry('ᴏ', 'o'), Map.entry('ᴘ', 'p'), Map.entry('ʀ', 'r'),
            Map.entry('ꜱ', 's'), Map.entry('ᴛ', 't'), Map.entry('ᴜ', 'u'), Map.entry('ᴠ', 'v'), Map.entry('ᴡ', 'w'),
            Map.entry('ʏ', 'y'), Map.entry('ᴢ', 'z'));

    /** Blocks of 26 letters A to Z with no compatibility decomposition: negative circled, negative squared, regional indicators. */
    private static final int[] LETTER_BLOCKS_WITHOUT_DECOMPOSITION = {0x1F150, 0x1F170, 0x1F1E6};

    /** The only words of one letter, which a spelled-out word may follow: {@code a d e c a y e d}. */
    private static final String ONE_LETTER_WORDS = "ai";
    /** How many one-letter words a reading keeps apart before a spelled-out word ({@code a a n u d e}). */
    private static final int MAX_ONE_LETTER_WORDS_APART = 2;
    private static final String CLAUSE_ENDS = ",;:!?";

    /** Digits and symbols standing for letters, decoded only inside words that also have letters. */
    private static final Map<Character, Character> LEET = Map.ofEntries(
            Map.entry('0', 'o'), Map.entry('1', 'i'), Map.entry('3', 'e'), Map.entry('4', 'a'), Map.entry('5', 's'),
            Map.entry('7', 't'), Map.entry('8', 'b'), Map.entry('9', 'g'), Map.entry('@', 'a'), Map.entry('$', 's'),
            Map.entry('!', 'i'), Map.entry('|', 'l'), Map.entry('€', 'e'));

    private PromptNormalizer() {
    }

    public static List<Word> words(String prompt) {
        String folded = fold(prompt);
        return joinSpelledOutLetters(folded, split(folded), 0, 0);
    }

    /**
     * Every way the prompt reads: its {@link #words}, and where spelled-out letters begin or end with a
     * word of one letter ({@code a d e c a y e d statue}, {@code d e c a y i n g a statue}), the
     * readings with such letters as words of their own.
     */
    public static List<List<Word>> readings(String prompt) {
        String folded = fold(prompt);
        List<Word> split = split(folded);
        List<List<Word>> readings = new ArrayList<>();
        for (int leading = 0; leading <= MAX_ONE_LETTER_WORDS_APART; leading++) {
            for (int trailing = 0; trailing <= 1; trailing++) {
                List<Word> reading = joinSpelledOutLetters(folded, split, leading, trailing);
                if (!readings.contains(reading)) {
                    readings.add(reading);
                }
            }
        }
        return readings;
    }

    private static List<Word> split(String folded) {
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
        return words;
    }

    /**
     * NFKC, then without accents or invisible characters, look-alikes mapped, lower case. Every
     * character of the input maps to exactly one character here (a removed one, and the second half
     * of a surrogate pair, becomes U+0000), so positions still point into the original prompt.
     */
    static String fold(String prompt) {
        StringBuilder out = new StringBuilder(prompt.length());
        int i = 0;
        while (i < prompt.length()) {
            int codePoint = prompt.codePointAt(i);
            out.append(foldCodePoint(codePoint));
            for (int k = 1; k < Character.charCount(codePoint); k++) {
                out.append((char) 0);
            }
            i += Character.charCount(codePoint);
        }
        return out.toString();
    }

    private static char foldCodePoint(int codePoint) {
        for (int block : LETTER_BLOCKS_WITHOUT_DECOMPOSITION) {
            if (codePoint >= block && codePoint < block + 26) {
                return (char) ('a' + codePoint - block);
            }
        }
        String compatible = Normalizer.normalize(Character.toString(codePoint), Normalizer.Form.NFKD);
        int base = 0;
        for (int k = 0; k < compatible.length(); k = compatible.offsetByCodePoints(k, 1)) {
            int part = compatible.codePointAt(k);
            int type = Character.getType(part);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                    || type == Character.FORMAT || type == Character.CONTROL) {
                continue;
            }
            if (base == 0 || !Character.isLetterOrDigit(base) && Character.isLetterOrDigit(part)) {
                // The letter of a parenthesized one, ⒜ = "(a)".
                base = part;
            }
        }
        if (base == 0 || Character.isSupplementaryCodePoint(base)) {
            return 0;
        }
        char folded = (char) Character.toLowerCase(base);
        return CONFUSABLES.getOrDefault(folded, folded);
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
            } else if (!Character.isLetterOrDigit(c) && word.length() > 0 && !isInnerPunctuation(folded, i, start, end)) {
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
    private static boolean isInnerPunctuation(String folded, int at, int start, int end) {
        int before = previous(folded, at, start);
        int after = next(folded, at, end);
        if (before < 0 || after < 0 || !isLetterish(folded.charAt(before)) || !isLetterish(folded.charAt(after))) {
            return false;
        }
        int twoBefore = previous(folded, before, start);
        int twoAfter = next(folded, after, end);
        return twoBefore < 0 || !isLetterish(folded.charAt(twoBefore)) || twoAfter < 0 || !isLetterish(folded.charAt(twoAfter));
    }

    /** The position of the nearest character before {@code at} that was not removed, or -1. */
    private static int previous(String folded, int at, int start) {
        int i = at - 1;
        while (i >= start && folded.charAt(i) == 0) {
            i--;
        }
        return i >= start ? i : -1;
    }

    /** The position of the nearest character after {@code at} that was not removed, or -1. */
    private static int next(String folded, int at, int end) {
        int i = at + 1;
        while (i < end && folded.charAt(i) == 0) {
            i++;
        }
        return i < end ? i : -1;
    }

    private static boolean isLetterish(char c) {
        return Character.isLetter(c) || LEET.containsKey(c);
    }

    private static boolean followedByLetter(String folded, int at, int end) {
        int after = next(folded, at, end);
        return after >= 0 && Character.isLetter(folded.charAt(after));
    }

    /**
     * Consecutive one-letter words ({@code g o r e}) are read as one word, up to a comma, colon,
     * semicolon or end of sentence between them; the first {@code leadingApart} and the last
     * {@code trailingApart} letters of a run that are words by themselves ({@code a}, {@code i}) stay
     * words while at least three other letters remain.
     */
    private static List<Word> joinSpelledOutLetters(String folded, List<Word> words, int leadingApart, int trailingApart) {
        List<Word> joined = new ArrayList<>(words.size());
        int i = 0;
        while (i < words.size()) {
            int j = i;
            while (j < words.size() && words.get(j).text().length() == 1
                    && (j == i || !endsClause(folded, words.get(j - 1).end(), words.get(j).start()))) {
                j++;
            }
            for (int apart = 0; apart < leadingApart && j - i >= 4 && ONE_LETTER_WORDS.contains(words.get(i).text()); apart++) {
                joined.add(words.get(i));
                i++;
            }
            for (int apart = 0; apart < trailingApart && j - i >= 4 && ONE_LETTER_WORDS.contains(words.get(j - 1).text()); apart++) {
                j--;
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

    private static boolean endsClause(String folded, int from, int to) {
        for (int k = from; k < to; k++) {
            if (CLAUSE_ENDS.indexOf(folded.charAt(k)) >= 0) {
                return true;
            }
        }
        return false;
    }
}
