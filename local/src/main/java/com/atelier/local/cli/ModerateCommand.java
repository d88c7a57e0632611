package com.atelier.local.cli;

import com.atelier.moderation.ModerationDecision;
import com.atelier.moderation.ModerationEvaluation;
import com.atelier.moderation.PromptModerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code ./atelier moderate "a prompt"} prints a decision as JSON; {@code --eval FILE.tsv} scores a labelled set. */
@Command(name = "moderate", mixinStandardHelpOptions = true,
        description = "Moderate prompts with the shipped lists: one decision as JSON, or precision and recall on a labelled file.")
final class ModerateCommand implements Callable<Integer> {

    @Option(names = "--eval", paramLabel = "FILE.tsv",
            description = "Score a file of 'label<TAB>prompt' lines (label: allowed or a category); ends with 'recall=R fpr=F'.")
    Path evaluationFile;

    @Parameters(arity = "0..*", paramLabel = "PROMPT", description = "Prompts to moderate, each printed as one JSON line.")
    List<String> prompts = List.of();

    @Override
    public Integer call() throws Exception {
        PromptModerator moderator = PromptModerator.fromClasspath();
        if (evaluationFile != null) {
            System.out.print(ModerationEvaluation.evaluate(moderator, ModerationEvaluation.read(evaluationFile)).format());
            return 0;
        }
        if (prompts.isEmpty()) {
            System.err.println("atelier moderate: give a prompt, or --eval FILE.tsv");
            return 2;
        }
        ObjectMapper json = new ObjectMapper();
        for (String prompt : prompts) {
            System.out.println(json.writeValueAsString(toJson(json, prompt, moderator.moderate(prompt))));
        }
        return 0;
    }

    private static ObjectNode toJson(ObjectMapper json, String prompt, ModerationDecision decision) {
        ObjectNode node = json.createObjectNode().put("prompt", prompt);
        if (decision instanceof ModerationDecision.Blocked blocked) {
            node.put("allowed", false).put("category", blocked.category().label());
            ArrayNode evidence = node.putArray("evidence");
            blocked.findings().forEach(finding -> evidence.addObject()
                    .put("category", finding.category().label())
                    .put("listed", finding.listed())
                    .put("text", finding.matchedText()));
        } else {
            node.put("allowed", true);
        }
        return node;
    }
}
