package com.atelier.worker.scheduler;

import com.atelier.worker.scheduler.SchedulerConfig.TimestepSpacing;

/**
 * Deterministic DDIM (Song, Meng & Ermon 2021, η = 0): x_prev = √ᾱ_prev·x̂₀ + √(1−ᾱ_prev)·ε̂.
 */
public final class DdimScheduler implements Scheduler {

    private final NoiseSchedule schedule;
    private final double[] timesteps;
    private final double[] alphas;
    private final double finalAlphaCumprod;

    public DdimScheduler(NoiseSchedule schedule, int steps) {
        this.schedule = schedule;
        this.timesteps = schedule.timesteps(steps, TimestepSpacing.LEADING);
        this.alphas = new double[steps + 1];
        int stride = schedule.trainTimesteps() / steps;
        finalAlphaCumprod = schedule.config().setAlphaToOne() ? 1.0 : schedule.alphaCumprod(0);
        for (int i = 0; i < steps; i++) {
            timesteps[i] = Math.round(timesteps[i]);
            alphas[i] = schedule.alphaCumprod(timesteps[i]);
        }
        double last = timesteps[steps - 1] - stride;
        alphas[steps] = last >= 0 ? schedule.alphaCumprod(last) : finalAlphaCumprod;
    }

    @Override
    public double[] timesteps() {
        return timesteps.clone();
    }

    @Override
    public float[] step(float[] modelOutput, int step, float[] sample, GaussianNoise noise) {
        double alpha = alphas[step];
        double alphaPrevious = alphas[step + 1];
        float[] next = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double original = Predictions.original(schedule.config().predictionType(), sample[i], modelOutput[i], alpha);
            double epsilon = (sample[i] - Math.sqrt(alpha) * original) / Math.sqrt(1 - alpha);
            next[i] = (float) (Math.sqrt(alphaPrevious) * original + Math.sqrt(1 - alphaPrevious) * epsilon);
        }
        return next;
    }

    @Override
    public float[] noised(float[] original, float[] noise, int step) {
        if (step == timesteps.length) {
            return original.clone();
        }
        return Predictions.noisedVariancePreserving(original, noise, alphas[step]);
    }
}
