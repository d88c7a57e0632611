package com.atelier.worker.pipeline;

import ai.onnxruntime.OrtException;
import java.util.Map;
import java.util.Optional;

/**
 * The VAE: pixels in [-1, 1] to latents at 1/8 of the side and back. Latents given to and taken from
 * it are the diffusion's, scaled by {@link #LATENT_SCALE} as in Stable Diffusion.
 */
final class Autoencoder {

    static final float LATENT_SCALE = 0.18215f;
    static final int LATENT_CHANNELS = 4;

    private final OnnxStage decoder;
    private final Optional<OnnxStage> encoder;

    Autoencoder(OnnxStage decoder, Optional<OnnxStage> encoder) {
        this.decoder = decoder;
        this.encoder = encoder;
    }

    boolean canEncode() {
        return encoder.isPresent();
    }

    /** Pixels [B,3,8h,8w] from diffusion latents [B,4,h,w]. */
    float[] decode(float[] latents, int batch, int height, int width, DeviceTime deviceTime) throws OrtException {
        float[] unscaled = new float[latents.length];
        for (int i = 0; i < latents.length; i++) {
            unscaled[i] = latents[i] / LATENT_SCALE;
        }
        Map<String, float[]> outputs = decoder.run(deviceTime, Map.of("latent_sample",
                decoder.realTensor("latent_sample", unscaled, new long[] {batch, LATENT_CHANNELS, height, width})));
        return outputs.containsKey("sample") ? outputs.get("sample") : outputs.get(decoder.firstOutputName());
    }

    /**
     * Diffusion latents [B,4,H/8,W/8] from pixels [B,3,H,W]. An encoder that returns the mean and log
     * variance [B,8,h,w] is read at its mean, as diffusers does for img2img with a fixed seed.
     */
    float[] encode(float[] pixels, int batch, int height, int width, DeviceTime deviceTime) throws OrtException {
        OnnxStage stage = encoder.orElseThrow(() -> new IllegalStateException("the model folder has no vae_encoder"));
        Map<String, float[]> outputs = stage.run(deviceTime, Map.of("sample",
                stage.realTensor("sample", pixels, new long[] {batch, 3, height, width})));
        float[] raw = outputs.containsKey("latent_sample") ? outputs.get("latent_sample") : outputs.get(stage.firstOutputName());
        int perImage = LATENT_CHANNELS * (height / 8) * (width / 8);
        int channelsGiven = raw.length / (batch * (height / 8) * (width / 8));
        float[] latents = new float[batch * perImage];
        for (int b = 0; b < batch; b++) {
            for (int i = 0; i < perImage; i++) {
                latents[b * perImage + i] = raw[b * channelsGiven * (perImage / LATENT_CHANNELS) + i] * LATENT_SCALE;
            }
        }
        return latents;
    }
}
