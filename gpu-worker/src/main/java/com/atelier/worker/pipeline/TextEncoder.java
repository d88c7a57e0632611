package com.atelier.worker.pipeline;

import ai.onnxruntime.OrtException;
import com.atelier.worker.tokenizer.ClipTokenizer;
import java.util.Map;

/** The text encoder: token ids [B,77] to hidden states [B,77,D]. */
final class TextEncoder {

    private final OnnxStage stage;

    TextEncoder(OnnxStage stage) {
        this.stage = stage;
    }

    /** Hidden states of each prompt, one after the other, and their width D. */
    Embeddings encode(int[][] tokenIds, DeviceTime deviceTime) throws OrtException {
        int length = ClipTokenizer.CONTEXT_LENGTH;
        long[] ids = new long[tokenIds.length * length];
        for (int b = 0; b < tokenIds.length; b++) {
            for (int i = 0; i < length; i++) {
                ids[b * length + i] = tokenIds[b][i];
            }
        }
        Map<String, float[]> outputs = stage.run(deviceTime, Map.of("input_ids",
                stage.integerTensor("input_ids", ids, new long[] {tokenIds.length, length})));
        float[] hidden = outputs.containsKey("last_hidden_state")
                ? outputs.get("last_hidden_state") : outputs.get(stage.firstOutputName());
        return new Embeddings(hidden, hidden.length / (tokenIds.length * length));
    }

    /** Hidden states of a batch of prompts, flattened [B,77,width]. */
    record Embeddings(float[] values, int width) {

        int perPrompt() {
            return ClipTokenizer.CONTEXT_LENGTH * width;
        }
    }
}
