package com.atelier.functions.images;

import com.atelier.jobs.JobAttribution;
import com.atelier.functions.http.ApiError;
import com.atelier.functions.http.JsonFields;
import com.atelier.images.GenerationCommand;
import com.atelier.images.ImageSize;
import com.atelier.images.UploadedImage;
import com.atelier.jobs.JobSpec;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** OpenAI's rules for dall-e-2's parameters, each refusal naming its parameter; shared by the Images and jobs APIs. */
final class ImageParameters {

    /** Lambda's limit on a synchronous response, of which the JSON around the images may take {@link #ENVELOPE_BYTES}. */
    static final long LAMBDA_RESPONSE_BYTES = 6L * 1024 * 1024;
    /** The answer's JSON, each image's revised prompt and API Gateway's own fields, generously. */
    static final long ENVELOPE_BYTES = 64 * 1024;

    private ImageParameters() {
    }

    static boolean present(JsonNode value) {
        return !value.isMissingNode() && !value.isNull();
    }

    static void onlyKnown(JsonNode body, Set<String> known) {
        body.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw ApiError.invalidRequest(name, "Unrecognized request argument supplied: " + name);
            }
        });
    }

    static void checkModel(JsonNode body) {
        JsonNode model = body.path("model");
        if (present(model) && !"dall-e-2".equals(model.asText())) {
            throw ApiError.invalidRequest("model", "Invalid value for 'model': only 'dall-e-2' is served here.");
        }
    }

    static String prompt(JsonNode body) {
        JsonNode prompt = body.path("prompt");
        if (!present(prompt)) {
            throw ApiError.missingParameter("prompt");
        }
        if (!prompt.isTextual() || prompt.asText().isBlank()) {
            throw ApiError.invalidRequest("prompt", "'prompt' must be a non-empty string.");
        }
        if (prompt.asText().length() > GenerationCommand.MAX_PROMPT_CHARACTERS) {
            throw ApiError.invalidRequest("prompt", "'prompt' is too long: the maximum length is "
                    + GenerationCommand.MAX_PROMPT_CHARACTERS + " characters.");
        }
        return prompt.asText();
    }

    /** The size of a PNG to upload: what its presigned URL is signed for. */
    static long uploadBytes(JsonNode body) {
        onlyKnown(body, Set.of("bytes"));
        JsonNode bytes = body.path("bytes");
        if (!present(bytes)) {
            throw ApiError.missingParameter("bytes");
        }
        if (!bytes.isIntegralNumber() || !bytes.canConvertToLong() || bytes.asLong() < 1
                || bytes.asLong() >= UploadedImage.MAX_BYTES) {
            throw ApiError.invalidRequest("bytes", "'bytes' must be the PNG's size: a whole number from 1 to "
                    + (UploadedImage.MAX_BYTES - 1) + " (under 4 MB).");
        }
        return bytes.asLong();
    }

    static int count(JsonNode body) {
        JsonNode count = body.path("n");
        if (!present(count)) {
            return 1;
        }
        return JsonFields.intIn(count, "n", 1, GenerationCommand.MAX_IMAGES);
    }

    static ImageSize size(JsonNode body) {
        JsonNode size = body.path("size");
        if (!present(size)) {
            return ImageSize.LARGE;
        }
        return ImageSize.named(size.asText()).orElseThrow(() -> ApiError.invalidRequest("size",
                "'" + size.asText() + "' is not one of ['256x256', '512x512', '1024x1024'] - 'size'"));
    }

    /**
     * Atelier's extension to OpenAI's parameters (OpenAI clients send it as an extra body field): the
     * seed of the first image, so that the same seed and parameters draw the same pixels.
     */
    static Optional<Long> seed(JsonNode body) {
        JsonNode seed = body.path("seed");
        if (!present(seed)) {
            return Optional.empty();
        }
        if (!seed.isIntegralNumber() || !seed.canConvertToLong() || seed.longValue() < 0 || seed.longValue() > JobSpec.MAX_SEED) {
            throw ApiError.invalidRequest("seed", "'seed' must be an integer from 0 to " + JobSpec.MAX_SEED + ".");
        }
        return Optional.of(seed.longValue());
    }

    static Optional<String> user(JsonNode body) {
        JsonNode user = body.path("user");
        if (present(user) && !user.isTextual()) {
            throw ApiError.invalidRequest("user", "'user' must be a string.");
        }
        if (!user.isTextual()) {
            return Optional.empty();
        }
        // Kept on the job, its debit and the usage counters: an id, not a document.
        int length = user.asText().length();
        if (length < 1 || length > JobAttribution.MAX_END_USER_CHARACTERS) {
            throw ApiError.invalidRequest("user", "'user' must have 1 to " + JobAttribution.MAX_END_USER_CHARACTERS
                    + " characters.");
        }
        return Optional.of(user.asText());
    }

    /**
     * Whether the answer carries the PNGs themselves ({@code b64_json}) rather than URLs. Such an answer
     * must fit Lambda's 6 MB response, so {@code b64_json} is refused, before anything is charged, for
     * more images than fit at their worst: a PNG that does not compress at all.
     */
    static boolean responseFormatIsBase64(JsonNode body, int images, ImageSize size) {
        JsonNode format = body.path("response_format");
        if (format.isMissingNode() || format.isNull()) {
            return false;
        }
        boolean base64 = switch (format.asText().toLowerCase(Locale.ROOT)) {
            case "url" -> false;
            case "b64_json" -> true;
            default -> throw ApiError.invalidRequest("response_format",
                    "'" + format.asText() + "' is not one of ['url', 'b64_json'] - 'response_format'");
        };
        int fitting = base64ImagesFitting(size);
        if (base64 && images > fitting) {
            throw ApiError.invalidRequest("response_format", "An answer with 'b64_json' holds at most " + fitting
                    + (fitting == 1 ? " image" : " images") + " of " + size.apiName() + ", to stay within the 6 MB"
                    + " an answer may have: ask for 'n' up to " + fitting + ", or for 'response_format' 'url'.");
        }
        return base64;
    }

    /** How many base64 PNGs of this size fit one answer at their worst. */
    static int base64ImagesFitting(ImageSize size) {
        return (int) Math.min(GenerationCommand.MAX_IMAGES,
                (LAMBDA_RESPONSE_BYTES - ENVELOPE_BYTES) / base64Bytes(worstCasePngBytes(size)));
    }

    /**
     * A PNG of the worker's 8-bit RGB pixels that deflate cannot shrink: a filter byte and three bytes a
     * pixel per row, plus a generous 0.1% and 1 KiB for zlib's stored-block and PNG's chunk headers.
     */
    static long worstCasePngBytes(ImageSize size) {
        long side = size.sidePixels();
        long raw = side * (3 * side + 1);
        return raw + raw / 1000 + 1024;
    }

    private static long base64Bytes(long bytes) {
        return 4 * ((bytes + 2) / 3);
    }

    /**
     * An edit's image and mask agree (the same size, a mask with an alpha channel) and leave something
     * to repaint. Core names the Images API's form fields; {@code imageParam} and {@code maskParam} are
     * the names this request gave them, for the refusal to name.
     */
    static void checkEdit(UploadedImage image, Optional<UploadedImage> mask, String imageParam, String maskParam) {
        try {
            mask.ifPresent(image::checkMask);
            UploadedImage.checkEditable(image, mask);
        } catch (UploadedImage.InvalidUploadException invalid) {
            throw new UploadedImage.InvalidUploadException(invalid.field().equals("mask") ? maskParam : imageParam,
                    invalid.getMessage());
        }
    }
}
