package com.atelier.moderation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The evaluation set, obfuscated by generators as an evader would: every blocked prompt with its
 * matched words rewritten each way stays blocked, and every allowed prompt rewritten the same ways
 * stays allowed (no new false alarm from folding or joining letters).
 */
class ObfuscatedEvaluationSetTest {

    private static final PromptModerator MODERATOR = PromptModerator.fromClasspath();
    /** Unicode has no small capital Q or X: writers use the letters themselves. */
    private static final String SMALL_CAPITALS = "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘqʀꜱᴛᴜᴠᴡxʏᴢ";
    private static final Map<Character, Character> CYRILLIC = Map.of('a', 'а', 'e', 'е', 'o', 'о', 'p', 'р', 'c', 'с', 'x', 'х');

    /** Ways to write a word's letters that a person still reads as the word. */
    private static final Map<String, UnaryOperator<String>> OBFUSCATIONS = Map.ofEntries(
            Map.entry("spaced after an article", word -> "a " + String.join(" ", word.replace(" ", "").split(""))),
            Map.entry("spaced", word -> String.join(" ", word.replace(" ", "").split(""))),
            Map.entry("mathematical bold", word -> letters(word, 0x1D400, 0x1D41A)),
            Map.entry("mathematical sans-serif italic", word -> letters(word, 0x1D608, 0x1D622)),
            Map.entry("mathematical monospace", word -> letters(word, 0x1D670, 0x1D68A)),
            Map.entry("fullwidth", word -> letters(word, 0xFF21, 0xFF41)),
            Map.entry("circled", word -> letters(word, 0x24B6, 0x24D0)),
            Map.entry("negative squared", word -> letters(word, 0x1F170, 0x1F170)),
            Map.entry("small capitals", word -> map(word, c -> Character.isLetter(c) ? SMALL_CAPITALS.charAt(c - 'a') : c)),
            Map.entry("Cyrillic look-alikes", word -> map(word, c -> CYRILLIC.getOrDefault(c, c))),
            Map.entry("mixed case", ObfuscatedEvaluationSetTest::mixedCase),
            Map.entry("zero-width joiners", word -> String.join("\u200D", word.split(""))),
            Map.entry("bold, mixed case and joiners", word -> String.join("\u200D",
                    letters(mixedCase(word), 0x1D400, 0x1D41A).split("(?<=[\\uDC00-\\uDFFF])"))));

    static Stream<String> obfuscations() {
        return OBFUSCATIONS.keySet().stream().sorted();
    }

    /** Each blocked prompt in plain letters, the words the moderator matched rewritten this way. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("obfuscations")
    void obfuscatedBlockedPromptsStayBlocked(String obfuscation) throws IOException {
        List<String> written = new ArrayList<>();
        for (String prompt : plainPrompts(true)) {
            String rewritten = prompt;
            List<ModerationDecision.Finding> findings = ((ModerationDecision.Blocked) MODERATOR.moderate(prompt)).findings();
            // Two words spelled out side by side run together, for a reader as for the moderator: space one.
            for (ModerationDecision.Finding finding : obfuscation.startsWith("spaced") ? findings.subList(0, 1) : findings) {
                rewritten = rewritten.replace(finding.matchedText(), OBFUSCATIONS.get(obfuscation).apply(finding.matchedText()));
            }
            written.add(rewritten);
        }

        assertThat(written).hasSizeGreaterThan(100)
                .filteredOn(prompt -> MODERATOR.moderate(prompt) instanceof ModerationDecision.Allowed).isEmpty();
    }

    static Stream<String> obfuscationsKeepingTheWords() {
        return obfuscations().filter(name -> !name.equals("spaced after an article"));
    }

    /**
     * Each allowed prompt, each of its words of three letters or more in turn rewritten this way (a
     * word of two spelled out is two letters, as a person reads it too); not after an added article,
     * which would change the prompt ("a killer a whale").
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("obfuscationsKeepingTheWords")
    void obfuscatedAllowedPromptsStayAllowed(String obfuscation) throws IOException {
        List<String> written = new ArrayList<>();
        for (String prompt : plainPrompts(false)) {
            String[] words = prompt.split(" ");
            for (int i = 0; i < words.length; i++) {
                if (words[i].matches("[a-z]{3,}")) {
                    String[] rewritten = words.clone();
                    rewritten[i] = OBFUSCATIONS.get(obfuscation).apply(words[i]);
                    written.add(String.join(" ", rewritten));
                }
            }
        }

        assertThat(written).hasSizeGreaterThan(1000)
                .filteredOn(prompt -> MODERATOR.moderate(prompt) instanceof ModerationDecision.Blocked).isEmpty();
    }

    /** The set's prompts of one kind written in plain lower-case letters, as the shipped lists judge them. */
    private static List<String> plainPrompts(boolean blocked) throws IOException {
        return evaluationSet().stream().filter(labelled -> labelled.shouldBlock() == blocked)
                .map(labelled -> labelled.prompt().toLowerCase(Locale.ROOT))
                .filter(prompt -> prompt.matches("[a-z ,.'-]+"))
                .filter(prompt -> MODERATOR.moderate(prompt) instanceof ModerationDecision.Blocked == blocked)
                .toList();
    }

    private static List<ModerationEvaluation.Case> evaluationSet() throws IOException {
        return ModerationEvaluation.read(Path.of("src/test/resources/moderation/eval.tsv"));
    }

    /** Latin letters moved to the block whose capital A and small a are at these code points. */
    private static String letters(String text, int capitalA, int smallA) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.appendCodePoint(
                c >= 'a' && c <= 'z' ? smallA + c - 'a' : c >= 'A' && c <= 'Z' ? capitalA + c - 'A' : c));
        return out.toString();
    }

    private static String map(String text, UnaryOperator<Character> letter) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= 'a' && c <= 'z' ? letter.apply(c) : c);
        }
        return out.toString();
    }

    private static String mixedCase(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            out.append(i % 2 == 0 ? Character.toUpperCase(text.charAt(i)) : text.charAt(i));
        }
        return out.toString();
    }
}
