package com.atelier.worker.scheduler;

import com.atelier.worker.scheduler.SchedulerConfig.PredictionType;

/** What the UNet's output says of the clean latents, for each prediction type, in the VP view. */
final class Predictions {

    private Predictions() {
    }

    /**
     * x̂₀ from the variance-preserving sample x = √ᾱ·x₀ + √(1−ᾱ)·ε: ε-prediction (Ho et al. 2020),
     * v-prediction (Salimans & Ho 2022, v = √ᾱ·ε − √(1−ᾱ)·x₀) or the sample itself.
     */
    static double original(PredictionType type, double sample, double output, double alphaCumprod) {
        return switch (type) {
            case EPSILON -> (sample - Math.sqrt(1 - alphaCumprod) * output) / Math.sqrt(alphaCumprod);
            case V_PREDICTION -> Math.sqrt(alphaCumprod) * sample - Math.sqrt(1 - alphaCumprod) * output;
            case SAMPLE -> output;
        };
    }

    /** x_t = √ᾱ·x₀ + √(1−ᾱ)·ε: clean latents brought to a noise level of the variance-preserving process. */
    static float[] noisedVariancePreserving(float[] original, float[] noise, double alphaCumprod) {
        float[] noisy = new float[original.length];
        for (int i = 0; i < original.length; i++) {
            noisy[i] = (float) (Math.sqrt(alphaCumprod) * original[i] + Math.sqrt(1 - alphaCumprod) * noise[i]);
        }
        return noisy;
    }
}
