package com.atelier.functions.images;

import com.atelier.functions.http.ApiResponses;
import com.atelier.images.ImageSize;
import com.atelier.models.ModelCard;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.Comparator;

/**
 * How the API shows the installed model: OpenAI's model object ({@code id}, {@code object},
 * {@code created}, {@code owned_by}) and Atelier's extras, so that a newcomer learns what it can draw
 * before paying for images of what it cannot.
 */
final class ModelViews {

    private ModelViews() {
    }

    static ObjectNode list(ModelCard installed) {
        ObjectNode list = ApiResponses.JSON.createObjectNode().put("object", "list");
        list.putArray("data").add(model(installed));
        return list;
    }

    static ObjectNode model(ModelCard model) {
        ObjectNode view = ApiResponses.JSON.createObjectNode()
                .put("id", model.id())
                .put("object", "model")
                .put("created", model.createdEpochSeconds())
                .put("owned_by", "atelier")
                // Requests name OpenAI's model; this is the one that draws them.
                .put("serves", "dall-e-2")
                .put("domain", model.domain())
                .put("native_size", model.nativeSizePixels() + "x" + model.nativeSizePixels());
        view.putObject("recommended").put("steps", model.recommendedSteps()).put("guidance_scale", model.recommendedGuidance())
                .put("size", recommendedSize(model).apiName());
        ObjectNode vocabulary = view.putObject("vocabulary").put("words_count", model.vocabulary().words().size());
        ArrayNode words = vocabulary.putArray("words");
        model.vocabulary().words().forEach(words::add);
        return view;
    }

    /** The smallest size the API makes at or above the model's native one: a larger one only resamples it. */
    private static ImageSize recommendedSize(ModelCard model) {
        return Arrays.stream(ImageSize.values()).filter(size -> size.sidePixels() >= model.nativeSizePixels())
                .min(Comparator.comparingInt(ImageSize::sidePixels)).orElse(ImageSize.LARGE);
    }
}
