package com.atelier.local.cli;

import com.atelier.local.client.AtelierClient;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code ./atelier vary IMAGE}: variations of an image, written to disk. */
@Command(name = "vary", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Make variations of a square PNG through the jobs API and write them as PNGs.",
        footer = ImageJobCommand.EXIT_CODES)
final class VaryCommand extends ImageJobCommand {

    @Parameters(index = "0", paramLabel = "IMAGE", description = "A square PNG under 4 MB.")
    Path image;

    @Override
    ObjectNode job(AtelierClient client) {
        return body("variation").put("image_upload_id", client.upload(readPng(image)));
    }
}
