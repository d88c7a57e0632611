package com.atelier.worker.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import com.atelier.worker.pipeline.BundledModel;
import org.junit.jupiter.api.Test;

class ClipTokenizerTest {

    /** CLIP's own files sit in ../shared beside a checkout; a fresh clone has no such folder. */
    private static Optional<Path> clipFolder() {
        for (Path at = Path.of("").toAbsolutePath(); at != null; at = at.getParent()) {
            Path candidate = at.resolve("shared/clip-tokenizer");
            if (Files.isRegularFile(candidate.resolve("vocab.json"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static ClipTokenizer clip() {
        Optional<Path> folder = clipFolder();
        assumeTrue(folder.isPresent(), "CLIP's tokenizer files (../shared/clip-tokenizer) are not beside this checkout");
        return ClipTokenizer.fromFolder(folder.get());
    }

    @Test
    void givesClipsOwnIdsForEveryReferencePrompt() throws IOException {
        ClipTokenizer tokenizer = clip();
        List<String> lines = Files.readAllLines(clipFolder().get().resolve("reference-ids.tsv"), StandardCharsets.UTF_8);
        assertThat(lines).hasSizeGreaterThanOrEqualTo(5);
        for (String line : lines) {
            String[] fields = line.split("\t");
            int[] expected = Arrays.stream(fields[1].replaceAll("[\\[\\] ]", "").split(","))
                    .mapToInt(Integer::parseInt).toArray();
            assertThat(tokenizer.tokenize(fields[0])).as(fields[0]).containsExactly(expected);
        }
    }

    @Test
    void framesPadsAndCutsToSeventySevenTokens() {
        ClipTokenizer tokenizer = clip();
        int[] short_ = tokenizer.encode("a red circle");
        assertThat(short_).hasSize(77);
        assertThat(short_[0]).isEqualTo(49406);
        assertThat(Arrays.copyOfRange(short_, 1, 5)).containsExactly(320, 736, 7117, 49407);
        assertThat(Arrays.stream(short_, 5, 77)).allMatch(id -> id == 49407);

        int[] long_ = tokenizer.encode("red ".repeat(200));
        assertThat(long_).hasSize(77);
        assertThat(long_[0]).isEqualTo(49406);
        assertThat(long_[76]).isEqualTo(49407);
        assertThat(Arrays.stream(long_, 1, 76)).allMatch(id -> id == 736);
    }

    @Test
    void treatsCaseSpacingAndEntitiesAsClipDoes() {
        ClipTokenizer tokenizer = clip();
        assertThat(tokenizer.tokenize("  A   RED\tcircle &amp; ")).containsExactly(tokenizer.tokenize("a red circle &"));
    }

    @Test
    void givesTheRecipesIdsWithTheBundledModelsVocabulary() throws IOException {
        ClipTokenizer bundled = ClipTokenizer.fromFolder(BundledModel.folder().resolve("tokenizer"));
        List<String> lines;
        try (var in = ClipTokenizerTest.class.getResourceAsStream("/bundled-tokenizer-ids.tsv")) {
            lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        assertThat(lines).hasSizeGreaterThanOrEqualTo(40);
        for (String line : lines) {
            String[] fields = line.split("\t");
            int[] expected = Arrays.stream(fields[1].split(", ")).mapToInt(Integer::parseInt).toArray();
            assertThat(bundled.tokenize(fields[0])).as(fields[0]).containsExactly(expected);
        }
        // Every word of the grammar is a single token, so the text encoder sees words, not pieces.
        assertThat(bundled.tokenize("a small red triangle above a large cyan cross")).hasSize(11);
    }
}
