package com.atelier.local.cli;

import com.atelier.worker.tokenizer.ClipTokenizer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./atelier tokenize --tokenizer DIR TEXT…}: the ids the worker gives each text, for checking a model folder. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Print each text's CLIP token ids (start and end included, no padding) on a line.")
final class TokenizeCommand implements Callable<Integer> {

    @Option(names = "--tokenizer", required = true, paramLabel = "DIR",
            description = "A folder with vocab.json and merges.txt (a model's tokenizer/ folder).")
    Path tokenizer;

    @Parameters(arity = "1..*", paramLabel = "TEXT", description = "Texts to tokenize.")
    List<String> texts;

    @Override
    public Integer call() {
        ClipTokenizer clip = ClipTokenizer.fromFolder(tokenizer);
        for (String text : texts) {
            System.out.println(Arrays.stream(clip.tokenize(text)).mapToObj(Integer::toString)
                    .collect(Collectors.joining(", ", "[", "]")));
        }
        return 0;
    }
}
