package com.atelier.local.cli;

import com.atelier.local.client.AtelierClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./atelier generate "PROMPT"}: images from text, written to disk. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Make images from a prompt through the jobs API and write them as PNGs.",
        footer = ImageJobCommand.EXIT_CODES)
final class GenerateCommand extends ImageJobCommand {

    @Parameters(index = "0", paramLabel = "PROMPT", description = "What to draw.")
    String prompt;

    @Override
    ObjectNode job(AtelierClient client) {
        return body("generation").put("prompt", prompt);
    }
}
