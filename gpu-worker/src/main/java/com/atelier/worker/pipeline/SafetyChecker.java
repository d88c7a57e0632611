package com.atelier.worker.pipeline;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stable Diffusion's safety checker export: {@code clip_input} [B,3,224,224] in CLIP's normalisation
 * and {@code images} [B,H,W,3] in [0, 1], answering {@code has_nsfw_concepts} [B].
 */
final class SafetyChecker {

    private static final int CLIP_SIDE = 224;
    private static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    private static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    private final OnnxStage stage;

    SafetyChecker(OnnxStage stage) {
        this.stage = stage;
    }

    /** Whether each image is flagged. */
    boolean[] flag(List<BufferedImage> images, DeviceTime deviceTime) throws OrtException {
        int batch = images.size();
        int side = images.get(0).getWidth();
        float[] clipInput = new float[batch * 3 * CLIP_SIDE * CLIP_SIDE];
        float[] pixels = new float[batch * side * side * 3];
        for (int b = 0; b < batch; b++) {
            BufferedImage clipImage = Pixels.resize(images.get(b), CLIP_SIDE);
            int[] rgb = clipImage.getRGB(0, 0, CLIP_SIDE, CLIP_SIDE, null, 0, CLIP_SIDE);
            int plane = CLIP_SIDE * CLIP_SIDE;
            for (int i = 0; i < plane; i++) {
                for (int c = 0; c < 3; c++) {
                    float value = ((rgb[i] >> (16 - 8 * c)) & 0xff) / 255f;
                    clipInput[b * 3 * plane + c * plane + i] = (value - CLIP_MEAN[c]) / CLIP_STD[c];
                }
            }
            int[] original = images.get(b).getRGB(0, 0, side, side, null, 0, side);
            for (int i = 0; i < side * side; i++) {
                for (int c = 0; c < 3; c++) {
                    pixels[(b * side * side + i) * 3 + c] = ((original[i] >> (16 - 8 * c)) & 0xff) / 255f;
                }
            }
        }
        Map<String, OnnxTensor> feed = new HashMap<>();
        feed.put("clip_input", stage.realTensor("clip_input", clipInput, new long[] {batch, 3, CLIP_SIDE, CLIP_SIDE}));
        if (stage.hasInput("images")) {
            feed.put("images", stage.realTensor("images", pixels, new long[] {batch, side, side, 3}));
        }
        Map<String, float[]> outputs = stage.run(deviceTime, feed);
        float[] flags = outputs.getOrDefault("has_nsfw_concepts", outputs.get(stage.outputNames().get(stage.outputNames().size() - 1)));
        boolean[] flagged = new boolean[batch];
        for (int b = 0; b < batch; b++) {
            flagged[b] = flags[b] > 0.5f;
        }
        return flagged;
    }
}
