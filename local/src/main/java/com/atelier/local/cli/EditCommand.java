package com.atelier.local.cli;

import com.atelier.local.client.AtelierClient;
import com.atelier.local.client.MaskArea;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./atelier edit IMAGE --mask MASK|--area x,y,w,h "PROMPT"}: repaint part of an image. */
@Command(name = "edit", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Repaint the transparent part of a square PNG (or of its mask) from a prompt, as OpenAI's edits do.",
        footer = ImageJobCommand.EXIT_CODES)
final class EditCommand extends ImageJobCommand {

    @Parameters(index = "0", paramLabel = "IMAGE", description = "A square PNG under 4 MB.")
    Path image;

    @Parameters(index = "1", paramLabel = "PROMPT", description = "What the whole image should show once edited.")
    String prompt;

    static final class Mask {
        @Option(names = "--mask", paramLabel = "MASK", description = "A PNG as large as the image whose transparent"
                + " pixels mark what to repaint.")
        Path file;

        @Option(names = "--area", paramLabel = "x,y,w,h", description = "Make the mask: repaint this rectangle"
                + " (pixels from the top left), keep the rest.")
        String area;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Mask mask;

    @Override
    ObjectNode job(AtelierClient client) {
        byte[] png = readPng(image);
        ObjectNode body = body("edit").put("prompt", prompt);
        byte[] maskPng = null;
        if (mask != null && mask.file != null) {
            maskPng = readPng(mask.file);
        } else if (mask != null && mask.area != null) {
            BufferedImage decoded = decode(png);
            maskPng = MaskArea.parse(mask.area).maskPng(decoded.getWidth(), decoded.getHeight());
        }
        body.put("image_upload_id", client.upload(png));
        if (maskPng != null) {
            body.put("mask_upload_id", client.upload(maskPng));
        }
        return body;
    }

    private BufferedImage decode(byte[] png) {
        try {
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
            if (decoded == null) {
                throw new IllegalArgumentException(image + " is not an image");
            }
            return decoded;
        } catch (IOException e) {
            throw new IllegalArgumentException(image + " cannot be read as an image: " + e.getMessage());
        }
    }
}
