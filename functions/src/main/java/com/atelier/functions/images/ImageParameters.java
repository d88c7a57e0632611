package com.atelier.functions.images;

import com.atelier.api.ApiException;
import com.atelier.images.GenerationCommand;
import com.atelier.images.ImageSize;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** OpenAI's rules for dall-e-2's parameters, each refusal naming its parameter; shared by the Images and jobs APIs. */
final class ImageParameters {

    private ImageParameters() {
    }

    static boolean present(JsonNode value) {
        return !value.isMissingNode() && !value.isNull();
    }

    static void onlyKnown(JsonNode body, Set<String> known) {
        body.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                throw ApiException.invalidRequest(name, "Unrecognized request argument supplied: " + name);
            }
        });
    }

    static void checkModel(JsonNode body) {
        JsonNode model = body.path("model");
        if (present(model) && !"dall-e-2".equals(model.asText())) {
            throw ApiException.invalidRequest("model", "Invalid value for 'model': only 'dall-e-2' is served here.");
        }
    }

    static String prompt(JsonNode body) {
        JsonNode prompt = body.path("prompt");
        if (!present(prompt)) {
            throw ApiException.missingParameter("prompt");
        }
        if (!prompt.isTextual() || prompt.asText().isBlank()) {
            throw ApiException.invalidRequest("prompt", "'prompt' must be a non-empty string.");
        }
        if (prompt.asText().length() > GenerationCommand.MAX_PROMPT_CHARACTERS) {
            throw ApiException.invalidRequest("prompt", "'prompt' is too long: the maximum length is "
                    + GenerationCommand.MAX_PROMPT_CHARACTERS + " characters.");
        }
        return prompt.asText();
    }

    static int count(JsonNode body) {
        JsonNode count = body.path("n");
        if (!present(count)) {
            return 1;
        }
        if (!count.isIntegralNumber() || count.asInt() < 1 || count.asInt() > GenerationCommand.MAX_IMAGES) {
            throw ApiException.invalidRequest("n", "'n' must be an integer from 1 to " + GenerationCommand.MAX_IMAGES + ".");
        }
        return count.asInt();
    }

    static ImageSize size(JsonNode body) {
        JsonNode size = body.path("size");
        if (!present(size)) {
            return ImageSize.LARGE;
        }
        return ImageSize.named(size.asText()).orElseThrow(() -> ApiException.invalidRequest("size",
                "'" + size.asText() + "' is not one of ['256x256', '512x512', '1024x1024'] - 'size'"));
    }

    static Optional<String> user(JsonNode body) {
        JsonNode user = body.path("user");
        if (present(user) && !user.isTextual()) {
            throw ApiException.invalidRequest("user", "'user' must be a string.");
        }
        return user.isTextual() ? Optional.of(user.asText()) : Optional.empty();
    }

    static boolean responseFormatIsBase64(JsonNode body) {
        JsonNode format = body.path("response_format");
        if (format.isMissingNode() || format.isNull()) {
            return false;
        }
        return switch (format.asText().toLowerCase(Locale.ROOT)) {
            case "url" -> false;
            case "b64_json" -> true;
            default -> throw ApiException.invalidRequest("response_format",
                    "'" + format.asText() + "' is not one of ['url', 'b64_json'] - 'response_format'");
        };
    }
}
