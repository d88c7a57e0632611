package com.atelier.local.bench;

import com.atelier.moderation.ModerationDecision;
import com.atelier.moderation.PromptModerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code ./atelier bench-moderation}: prompt moderation's time per prompt of 1000 characters, beside
 * a baseline of plain lower-casing and splitting of the same prompts, measured in the same run.
 */
@Command(name = "bench-moderation", mixinStandardHelpOptions = true,
        description = "Time PromptModerator.moderate on 1000-character prompts against lower-casing and splitting them.")
public final class ModerationBenchmark implements Callable<Integer> {

    private static final String[] WORDS = ("a the of in on with and painting photo portrait landscape city street "
            + "golden hour watercolor oil sketch neon cyberpunk forest river mountain cat dog whale killer shoot "
            + "photo bloody mary drug store breast stroke chicken cocktail glass vintage poster cinematic light "
            + "shadow reflection k1ll n@ked g.o.r.e trumpet card castle dragon knight robot astronaut ocean "
            + "sunset morning mist rain snow autumn spring garden flowers market people crowd nurse doctor").split(" ");

    @Option(names = "--prompts", defaultValue = "2000", description = "Distinct prompts (default: ${DEFAULT-VALUE}).")
    int promptCount;

    @Option(names = "--rounds", defaultValue = "10", description = "Measured passes over the prompts (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Override
    public Integer call() {
        List<String> prompts = prompts(promptCount, new Random(42));
        PromptModerator moderator = PromptModerator.fromClasspath();
        int blocked = 0;
        for (int warmup = 0; warmup < 3; warmup++) {
            for (String prompt : prompts) {
                blocked += moderator.moderate(prompt) instanceof ModerationDecision.Blocked ? 1 : 0;
                blocked += prompt.toLowerCase(Locale.ROOT).split("\\s+").length > 0 ? 0 : 1;
            }
        }
        long[] moderation = new long[prompts.size() * rounds];
        long[] baseline = new long[prompts.size() * rounds];
        int sink = 0;
        int n = 0;
        for (int round = 0; round < rounds; round++) {
            for (String prompt : prompts) {
                long start = System.nanoTime();
                sink += prompt.toLowerCase(Locale.ROOT).split("\\s+").length;
                long middle = System.nanoTime();
                sink += moderator.moderate(prompt) instanceof ModerationDecision.Blocked ? 1 : 0;
                long end = System.nanoTime();
                baseline[n] = middle - start;
                moderation[n] = end - middle;
                n++;
            }
        }
        Arrays.sort(moderation);
        Arrays.sort(baseline);
        System.out.printf(Locale.ROOT, "bench-moderation: %d prompts of %d characters, %d measured calls each (checksum %d)%n",
                prompts.size(), prompts.get(0).length(), n, sink + blocked);
        System.out.printf(Locale.ROOT, "%-30s %9s %9s %9s%n", "", "p50 µs", "p99 µs", "mean µs");
        print("baseline: lowercase + split", baseline);
        print("PromptModerator.moderate", moderation);
        System.out.printf(Locale.ROOT, "ratio moderate/baseline p50=%.1fx p99=%.1fx; p99 target 1000 µs: %.2f of it%n",
                percentile(moderation, 0.50) / percentile(baseline, 0.50),
                percentile(moderation, 0.99) / percentile(baseline, 0.99),
                percentile(moderation, 0.99) / 1_000_000.0);
        return 0;
    }

    private static void print(String label, long[] sorted) {
        System.out.printf(Locale.ROOT, "%-30s %9.1f %9.1f %9.1f%n", label, percentile(sorted, 0.50) / 1000.0,
                percentile(sorted, 0.99) / 1000.0, Arrays.stream(sorted).average().orElse(0) / 1000.0);
    }

    private static double percentile(long[] sorted, double fraction) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(fraction * sorted.length) - 1)];
    }

    private static List<String> prompts(int count, Random random) {
        List<String> prompts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder prompt = new StringBuilder(1000);
            while (prompt.length() < 1000) {
                prompt.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            prompts.add(prompt.substring(0, 1000));
        }
        return prompts;
    }
}
