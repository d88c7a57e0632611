package com.atelier.tests.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** The fenced code blocks of a Markdown file, with their info strings, as the docs' tests read them. */
record FencedBlocks(Path file, List<Block> blocks) {

    /**
     * One block. {@code info} is what follows the opening fence: {@code sh test status=201,200} marks a
     * shell example the suite runs, each of whose HTTP answers must have one of the listed statuses.
     */
    record Block(String info, String body, int line) {

        boolean isTestedShell() {
            return info.startsWith("sh test");
        }

        /** The statuses a tested block's answers may have; none when its marker names none. */
        Set<Integer> expectedStatuses() {
            return Arrays.stream(info.split("\\s+"))
                    .filter(word -> word.startsWith("status="))
                    .flatMap(word -> Arrays.stream(word.substring("status=".length()).split(",")))
                    .map(Integer::valueOf)
                    .collect(Collectors.toUnmodifiableSet());
        }
    }

    static FencedBlocks of(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("```")) {
                continue;
            }
            String info = lines.get(i).substring(3).strip();
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).startsWith("```")) {
                end++;
            }
            if (end == lines.size()) {
                throw new IllegalStateException(file + ":" + (i + 1) + ": a fence that never closes");
            }
            blocks.add(new Block(info, String.join("\n", lines.subList(start, end)) + "\n", i + 1));
            i = end;
        }
        return new FencedBlocks(file, List.copyOf(blocks));
    }

    List<Block> testedShell() {
        return blocks.stream().filter(Block::isTestedShell).toList();
    }
}
