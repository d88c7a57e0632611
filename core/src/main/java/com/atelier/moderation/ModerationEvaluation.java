package com.atelier.moderation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scores a moderator on labelled prompts ({@code label<TAB>prompt}, label {@code allowed} or a
 * category): per category precision and recall, then the two figures the policy is held to — recall
 * over all blocked prompts (blocked at all, whatever the category named) and the false-positive rate
 * over allowed ones.
 */
public final class ModerationEvaluation {

    public static final String ALLOWED = "allowed";

    /** One labelled prompt. {@code expected} is empty for an allowed prompt. */
    public record Case(String expected, String prompt) {
        public boolean shouldBlock() {
            return !expected.equals(ALLOWED);
        }
    }

    /** A category's figures: of the prompts labelled with it, how many got it; of those given it, how many had it. */
    public record CategoryScore(ModerationCategory category, int labelled, int predicted, int correct) {
        public double precision() {
            return predicted == 0 ? 1.0 : (double) correct / predicted;
        }

        public double recall() {
            return labelled == 0 ? 1.0 : (double) correct / labelled;
        }
    }

    public record Report(List<CategoryScore> categories, int blocked, int caught, int allowed, int falseAlarms,
                         List<String> misses, List<String> falseAlarmPrompts) {
        public double recall() {
            return blocked == 0 ? 1.0 : (double) caught / blocked;
        }

        public double falsePositiveRate() {
            return allowed == 0 ? 0.0 : (double) falseAlarms / allowed;
        }

        /** The per-category table, the misses and false alarms, and the final {@code recall=R fpr=F} line. */
        public String format() {
            StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%-14s %8s %9s %6s%n", "category", "labelled", "precision", "recall"));
            for (CategoryScore score : categories) {
                out.append(String.format(Locale.ROOT, "%-14s %8d %9.3f %6.3f%n", score.category().label(),
                        score.labelled(), score.precision(), score.recall()));
            }
            misses.forEach(miss -> out.append("missed: ").append(miss).append('\n'));
            falseAlarmPrompts.forEach(alarm -> out.append("false alarm: ").append(alarm).append('\n'));
            out.append(String.format(Locale.ROOT, "blocked prompts %d, caught %d; allowed prompts %d, false alarms %d%n",
                    blocked, caught, allowed, falseAlarms));
            out.append(String.format(Locale.ROOT, "recall=%.3f fpr=%.3f%n", recall(), falsePositiveRate()));
            return out.toString();
        }
    }

    private ModerationEvaluation() {
    }

    public static List<Case> read(Path file) throws IOException {
        List<Case> cases = new ArrayList<>();
        int number = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new IllegalArgumentException(file + ":" + number + ": expected 'label<TAB>prompt'");
            }
            String label = line.substring(0, tab).trim();
            if (!label.equals(ALLOWED)) {
                ModerationCategory.fromLabel(label);
            }
            cases.add(new Case(label, line.substring(tab + 1)));
        }
        return cases;
    }

    public static Report evaluate(PromptModerator moderator, List<Case> cases) {
        Map<ModerationCategory, int[]> counts = new EnumMap<>(ModerationCategory.class);
        for (ModerationCategory category : ModerationCategory.values()) {
            counts.put(category, new int[3]);
        }
        int blocked = 0;
        int caught = 0;
        int allowed = 0;
        int falseAlarms = 0;
        List<String> misses = new ArrayList<>();
        List<String> alarms = new ArrayList<>();
        for (Case testCase : cases) {
            ModerationDecision decision = moderator.moderate(testCase.prompt());
            ModerationCategory predicted = decision instanceof ModerationDecision.Blocked b ? b.category() : null;
            if (predicted != null) {
                counts.get(predicted)[1]++;
            }
            if (testCase.shouldBlock()) {
                ModerationCategory expected = ModerationCategory.fromLabel(testCase.expected());
                counts.get(expected)[0]++;
                blocked++;
                if (predicted != null) {
                    caught++;
                } else {
                    misses.add(testCase.expected() + "\t" + testCase.prompt());
                }
                if (predicted == expected) {
                    counts.get(expected)[2]++;
                }
            } else {
                allowed++;
                if (predicted != null) {
                    falseAlarms++;
                    alarms.add(predicted.label() + "\t" + testCase.prompt());
                }
            }
        }
        List<CategoryScore> scores = new ArrayList<>();
        counts.forEach((category, count) -> scores.add(new CategoryScore(category, count[0], count[1], count[2])));
        return new Report(scores, blocked, caught, allowed, falseAlarms, misses, alarms);
    }
}
