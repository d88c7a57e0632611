package com.atelier.worker.pipeline;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import java.util.HashMap;
import java.util.Map;

/**
 * The denoising UNet. Its timestep input is fed the way the model declares it: int64, int32 or a real
 * type, as a scalar, a one-element vector or one value per batch entry.
 */
final class UNet {

    private final OnnxStage stage;
    private final int inputChannels;

    UNet(OnnxStage stage) {
        this.stage = stage;
        this.inputChannels = stage.declaredDimension("sample", 1).map(Long::intValue).orElse(4);
    }

    /** 4 for a plain UNet, 9 for an inpainting one (latents, mask, masked-image latents). */
    int inputChannels() {
        return inputChannels;
    }

    /** The text conditioning of a whole denoising loop, built once and given to every step. */
    final class Conditioning implements AutoCloseable {
        private final OnnxTensor hiddenStates;

        private Conditioning(OnnxTensor hiddenStates) {
            this.hiddenStates = hiddenStates;
        }

        @Override
        public void close() {
            hiddenStates.close();
        }
    }

    Conditioning condition(float[] hiddenStates, int batch, int hiddenLength, int hiddenWidth) throws OrtException {
        return new Conditioning(stage.realTensor("encoder_hidden_states", hiddenStates,
                new long[] {batch, hiddenLength, hiddenWidth}));
    }

    /** Predicts for a batch [B, channels, h, w] at one timestep. */
    float[] predict(float[] sample, int batch, int height, int width, double timestep, Conditioning conditioning,
                    DeviceTime deviceTime)
            throws OrtException {
        Map<String, OnnxTensor> feed = new HashMap<>();
        feed.put("sample", stage.realTensor("sample", sample, new long[] {batch, inputChannels, height, width}));
        feed.put("encoder_hidden_states", conditioning.hiddenStates);
        feed.put("timestep", timestepTensor(timestep, batch));
        Map<String, float[]> outputs = stage.run(deviceTime, feed, conditioning.hiddenStates);
        return outputs.containsKey("out_sample") ? outputs.get("out_sample") : outputs.get(stage.firstOutputName());
    }

    private OnnxTensor timestepTensor(double timestep, int batch) throws OrtException {
        long[] declared = stage.input("timestep").getShape();
        long[] shape;
        if (declared.length == 0) {
            shape = new long[0];
        } else if (declared[0] == 1) {
            shape = new long[] {1};
        } else {
            shape = new long[] {batch};
        }
        int count = shape.length == 0 ? 1 : (int) shape[0];
        boolean integral = switch (stage.input("timestep").type) {
            case INT64, INT32 -> true;
            default -> false;
        };
        if (integral) {
            long[] values = new long[count];
            java.util.Arrays.fill(values, Math.round(timestep));
            return stage.integerTensor("timestep", values, shape);
        }
        float[] values = new float[count];
        java.util.Arrays.fill(values, (float) timestep);
        return stage.realTensor("timestep", values, shape);
    }
}
