package com.atelier.worker.scheduler;

import com.atelier.worker.scheduler.SchedulerConfig.TimestepSpacing;

/**
 * The cumulative signal level ᾱ(t) of the training process and the choice of sampling timesteps,
 * as diffusers computes them (DDPM, Ho et al. 2020; "scaled_linear" is Stable Diffusion's).
 */
public final class NoiseSchedule {

    private final SchedulerConfig config;
    private final double[] alphasCumprod;

    public NoiseSchedule(SchedulerConfig config) {
        this.config = config;
        int count = config.trainTimesteps();
        double[] betas = new double[count];
        for (int t = 0; t < count; t++) {
            double fraction = count == 1 ? 0 : (double) t / (count - 1);
            betas[t] = switch (config.betaSchedule()) {
                case LINEAR -> config.betaStart() + fraction * (config.betaEnd() - config.betaStart());
                case SCALED_LINEAR -> {
                    double root = Math.sqrt(config.betaStart())
                            + fraction * (Math.sqrt(config.betaEnd()) - Math.sqrt(config.betaStart()));
                    yield root * root;
                }
                // Nichol & Dhariwal 2021, the cosine schedule, with betas capped at 0.999.
                case SQUAREDCOS_CAP_V2 -> Math.min(1 - cosineAlphaBar((t + 1.0) / count) / cosineAlphaBar((double) t / count), 0.999);
            };
        }
        alphasCumprod = new double[count];
        double product = 1;
        for (int t = 0; t < count; t++) {
            product *= 1 - betas[t];
            alphasCumprod[t] = product;
        }
    }

    private static double cosineAlphaBar(double t) {
        double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    public SchedulerConfig config() {
        return config;
    }

    public int trainTimesteps() {
        return alphasCumprod.length;
    }

    /** ᾱ at a training timestep, linearly interpolated between integer timesteps. */
    public double alphaCumprod(double timestep) {
        if (timestep <= 0) {
            return alphasCumprod[0];
        }
        int below = (int) Math.floor(timestep);
        if (below >= alphasCumprod.length - 1) {
            return alphasCumprod[alphasCumprod.length - 1];
        }
        double fraction = timestep - below;
        return alphasCumprod[below] * (1 - fraction) + alphasCumprod[below + 1] * fraction;
    }

    /** σ = √((1−ᾱ)/ᾱ), the noise level of the variance-exploding view (Karras et al. 2022). */
    public double sigma(double timestep) {
        if (timestep == Math.floor(timestep) || timestep <= 0 || timestep >= trainTimesteps() - 1) {
            double alpha = alphaCumprod(timestep);
            return Math.sqrt((1 - alpha) / alpha);
        }
        int below = (int) Math.floor(timestep);
        double fraction = timestep - below;
        return sigma(below) * (1 - fraction) + sigma(below + 1) * fraction;
    }

    /** Sampling timesteps, noisiest first, spaced as the config says or as the scheduler's default. */
    public double[] timesteps(int steps, TimestepSpacing defaultSpacing) {
        int count = trainTimesteps();
        if (steps < 1 || steps > count) {
            throw new IllegalArgumentException("steps must be 1.." + count + ", not " + steps);
        }
        TimestepSpacing spacing = config.timestepSpacing().orElse(defaultSpacing);
        double[] timesteps = new double[steps];
        for (int i = 0; i < steps; i++) {
            timesteps[i] = switch (spacing) {
                case LINSPACE -> steps == 1 ? count - 1 : (count - 1) * (double) (steps - 1 - i) / (steps - 1);
                case LEADING -> (double) (steps - 1 - i) * (count / steps) + config.stepsOffset();
                case TRAILING -> Math.round(count - (double) i * count / steps) - 1;
            };
        }
        return timesteps;
    }
}
