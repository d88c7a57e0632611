package com.atelier.worker.scheduler;

import com.atelier.worker.scheduler.SchedulerConfig.TimestepSpacing;

/**
 * DPM-Solver++(2M) (Lu et al. 2022, "DPM-Solver++", algorithm 2, multistep second order) in the
 * data-prediction form diffusers' DPMSolverMultistepScheduler uses, with λ = log(α/σ), α = √ᾱ,
 * σ = √(1−ᾱ). The first step and the last, which lands on clean latents, are first order.
 */
public final class DpmSolverMultistepScheduler implements Scheduler {

    private final NoiseSchedule schedule;
    private final double[] timesteps;
    private float[] previousOriginal;

    public DpmSolverMultistepScheduler(NoiseSchedule schedule, int steps) {
        this.schedule = schedule;
        TimestepSpacing spacing = schedule.config().timestepSpacing().orElse(TimestepSpacing.LINSPACE);
        if (spacing == TimestepSpacing.LINSPACE) {
            // diffusers spaces n + 1 points over the training range and drops the last (t = 0).
            int last = schedule.trainTimesteps() - 1;
            timesteps = new double[steps];
            for (int i = 0; i < steps; i++) {
                timesteps[i] = Math.round(last * (double) (steps - i) / steps);
            }
        } else {
            timesteps = schedule.timesteps(steps, spacing);
        }
    }

    @Override
    public double[] timesteps() {
        return timesteps.clone();
    }

    @Override
    public float[] step(float[] modelOutput, int step, float[] sample, GaussianNoise noise) {
        double alphaCumprod = schedule.alphaCumprod(timesteps[step]);
        float[] original = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            original[i] = (float) Predictions.original(schedule.config().predictionType(), sample[i], modelOutput[i], alphaCumprod);
        }
        float[] next;
        if (step == timesteps.length - 1) {
            next = original.clone();
        } else if (step == 0 || previousOriginal == null) {
            next = firstOrder(sample, original, step);
        } else {
            next = secondOrder(sample, original, previousOriginal, step);
        }
        previousOriginal = original;
        return next;
    }

    private float[] firstOrder(float[] sample, float[] original, int step) {
        Level from = level(timesteps[step]);
        Level to = level(timesteps[step + 1]);
        double h = to.lambda() - from.lambda();
        double sampleFactor = to.sigma() / from.sigma();
        double originalFactor = -to.alpha() * Math.expm1(-h);
        float[] next = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            next[i] = (float) (sampleFactor * sample[i] + originalFactor * original[i]);
        }
        return next;
    }

    private float[] secondOrder(float[] sample, float[] original, float[] earlierOriginal, int step) {
        Level earlier = level(timesteps[step - 1]);
        Level from = level(timesteps[step]);
        Level to = level(timesteps[step + 1]);
        double h = to.lambda() - from.lambda();
        double r = (from.lambda() - earlier.lambda()) / h;
        double sampleFactor = to.sigma() / from.sigma();
        double originalFactor = -to.alpha() * Math.expm1(-h);
        float[] next = new float[sample.length];
        for (int i = 0; i < sample.length; i++) {
            double d0 = original[i];
            double d1 = (original[i] - earlierOriginal[i]) / r;
            next[i] = (float) (sampleFactor * sample[i] + originalFactor * (d0 + 0.5 * d1));
        }
        return next;
    }

    private Level level(double timestep) {
        double alphaCumprod = schedule.alphaCumprod(timestep);
        double alpha = Math.sqrt(alphaCumprod);
        double sigma = Math.sqrt(1 - alphaCumprod);
        return new Level(alpha, sigma, Math.log(alpha) - Math.log(sigma));
    }

    private record Level(double alpha, double sigma, double lambda) {
    }

    @Override
    public float[] noised(float[] original, float[] noise, int step) {
        if (step == timesteps.length) {
            return original.clone();
        }
        return Predictions.noisedVariancePreserving(original, noise, schedule.alphaCumprod(timesteps[step]));
    }
}
