package com.atelier.worker.scheduler;

/**
 * A sampler over a fixed list of timesteps, noisiest first. Latents are flat float arrays of the whole
 * batch; one scheduler serves one job, since multistep solvers keep what earlier steps predicted.
 */
public interface Scheduler {

    /** What the UNet is given as its timestep at each step. */
    double[] timesteps();

    /** The scale of the pure noise a generation starts from: 1 for samplers in the variance-preserving view. */
    default double initialNoiseSigma() {
        return 1;
    }

    /** The UNet's input at {@code step}, from the sampler's latents: the latents themselves in the variance-preserving view. */
    default float[] scaleModelInput(float[] sample, int step) {
        return sample;
    }

    /** The latents after {@code step}, from the UNet's (guided) output at that step. */
    float[] step(float[] modelOutput, int step, float[] sample, GaussianNoise noise);

    /**
     * Clean latents brought to the noise level the sampler holds before {@code step}; at
     * {@code step == timesteps().length} (after the last step) the clean latents themselves.
     */
    float[] noised(float[] original, float[] noise, int step);
}
