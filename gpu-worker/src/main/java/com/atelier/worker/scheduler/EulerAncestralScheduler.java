package com.atelier.worker.scheduler;

import com.atelier.worker.scheduler.SchedulerConfig.TimestepSpacing;

/**
 * Euler ancestral sampling in the variance-exploding view (Karras et al. 2022; k-diffusion's
 * sample_euler_ancestral; diffusers' EulerAncestralDiscreteScheduler): each step goes down to σ_down
 * deterministically and adds fresh noise of σ_up, with σ_up² = σ_to²(σ_from² − σ_to²)/σ_from².
 */
public final class EulerAncestralScheduler implements Scheduler {

    private final NoiseSchedule schedule;
    private final double[] timesteps;
    private final double[] sigmas;
    private final int valuesPerImage;

    public EulerAncestralScheduler(NoiseSchedule schedule, int steps, int valuesPerImage) {
        this.schedule = schedule;
        this.timesteps = schedule.timesteps(steps, TimestepSpacing.LINSPACE);
        this.sigmas = new double[steps + 1];
        for (int i = 0; i < steps; i++) {
            sigmas[i] = schedule.sigma(timesteps[i]);
        }
        this.valuesPerImage = valuesPerImage;
    }

    @Override
    public double[] timesteps() {
        return timesteps.clone();
    }

    @Override
    public double initialNoiseSigma() {
        boolean leading = schedule.config().timestepSpacing().orElse(TimestepSpacing.LINSPACE) == TimestepSpacing.LEADING;
        return leading ? Math.sqrt(sigmas[0] * sigmas[0] + 1) : sigmas[0];
    }

    @Override
    public float[] scaleModelInput(float[] sample, int step) {
        double scale = 1 / Math.sqrt(sigmas[step] * sigmas[step] + 1);
        float[] scaled = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            scaled[i] = (float) (sample[i] * scale);
        }
        return scaled;
    }

    @Override
    public float[] step(float[] modelOutput, int step, float[] sample, GaussianNoise noise) {
        double sigma = sigmas[step];
        double sigmaTo = sigmas[step + 1];
        double sigmaUp = Math.sqrt(sigmaTo * sigmaTo * (sigma * sigma - sigmaTo * sigmaTo) / (sigma * sigma));
        double sigmaDown = Math.sqrt(sigmaTo * sigmaTo - sigmaUp * sigmaUp);
        double alphaCumprod = 1 / (sigma * sigma + 1);
        double toVariancePreserving = Math.sqrt(alphaCumprod);
        float[] fresh = sigmaUp > 0 ? noise.next(valuesPerImage) : null;
        float[] next = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double original = Predictions.original(schedule.config().predictionType(),
                    sample[i] * toVariancePreserving, modelOutput[i], alphaCumprod);
            double derivative = (sample[i] - original) / sigma;
            double value = sample[i] + derivative * (sigmaDown - sigma);
            next[i] = (float) (fresh == null ? value : value + fresh[i] * sigmaUp);
        }
        return next;
    }

    @Override
    public float[] noised(float[] original, float[] noise, int step) {
        double sigma = sigmas[step];
        float[] noisy = new float[original.length];
        for (int i = 0; i < original.length; i++) {
            noisy[i] = (float) (original[i] + noise[i] * sigma);
        }
        return noisy;
    }
}
