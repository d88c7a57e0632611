package com.atelier.worker.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.atelier.worker.scheduler.SchedulerConfig.BetaSchedule;
import com.atelier.worker.scheduler.SchedulerConfig.PredictionType;
import com.atelier.worker.scheduler.SchedulerConfig.TimestepSpacing;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Each sampler against the published formulas, computed here independently: DDIM (η = 0) is Euler's
 * method on the probability-flow ODE in Karras et al.'s variance-exploding coordinates, Euler
 * ancestral is k-diffusion's sample_euler_ancestral, and DPM-Solver++(2M) is k-diffusion's
 * sample_dpmpp_2m, all in those coordinates (x_VE = x_VP/√ᾱ, σ = √((1−ᾱ)/ᾱ)).
 */
class SchedulerMathsTest {

    private static final SchedulerConfig SD = SchedulerConfig.stableDiffusion();
    private static final int VALUES = 16;

    /** A fixed, non-trivial ε-model so that every step has something to follow. */
    private static float[] epsilonModel(float[] sampleVp, double timestep) {
        float[] epsilon = new float[sampleVp.length];
        for (int i = 0; i < sampleVp.length; i++) {
            epsilon[i] = (float) (0.4 * sampleVp[i] + 0.1 * Math.sin(i + timestep / 100));
        }
        return epsilon;
    }

    private static double referenceAlphaCumprod(int timestep) {
        double product = 1;
        for (int t = 0; t <= timestep; t++) {
            double root = Math.sqrt(0.00085) + (Math.sqrt(0.012) - Math.sqrt(0.00085)) * t / 999.0;
            product *= 1 - root * root;
        }
        return product;
    }

    private static float[] randomSample(long seed) {
        Random random = new Random(seed);
        float[] sample = new float[VALUES];
        for (int i = 0; i < VALUES; i++) {
            sample[i] = (float) random.nextGaussian();
        }
        return sample;
    }

    @Test
    void scaledLinearScheduleMatchesStableDiffusionsTrainingNoise() {
        NoiseSchedule schedule = new NoiseSchedule(SD);
        for (int t : new int[] {0, 1, 250, 500, 999}) {
            assertThat(schedule.alphaCumprod(t)).as("t=%d", t).isCloseTo(referenceAlphaCumprod(t), within(1e-9));
        }
        assertThat(schedule.alphaCumprod(999)).isCloseTo(0.00466, within(1e-4));
    }

    @Test
    void timestepsFollowEachSpacing() {
        NoiseSchedule schedule = new NoiseSchedule(SD);
        double[] leading = schedule.timesteps(20, TimestepSpacing.LEADING);
        assertThat(leading[0]).isEqualTo(951);
        assertThat(leading[19]).isEqualTo(1);
        double[] linspace = schedule.timesteps(4, TimestepSpacing.LINSPACE);
        assertThat(linspace).containsExactly(999, 666, 333, 0);
        double[] trailing = schedule.timesteps(4, TimestepSpacing.TRAILING);
        assertThat(trailing).containsExactly(999, 749, 499, 249);
    }

    @Test
    void ddimIsEulersMethodOnTheProbabilityFlowOde() {
        NoiseSchedule schedule = new NoiseSchedule(SD);
        DdimScheduler ddim = new DdimScheduler(schedule, 10);
        double[] timesteps = ddim.timesteps();
        float[] sample = randomSample(1);
        for (int step = 0; step < timesteps.length; step++) {
            int t = (int) timesteps[step];
            int previous = t - 100;
            double alpha = referenceAlphaCumprod(t);
            double alphaPrevious = previous >= 0 ? referenceAlphaCumprod(previous) : referenceAlphaCumprod(0);
            double sigma = Math.sqrt((1 - alpha) / alpha);
            double sigmaPrevious = Math.sqrt((1 - alphaPrevious) / alphaPrevious);
            float[] epsilon = epsilonModel(sample, t);
            float[] next = ddim.step(epsilon, step, sample, null);
            for (int i = 0; i < VALUES; i++) {
                double ve = sample[i] / Math.sqrt(alpha) + (sigmaPrevious - sigma) * epsilon[i];
                assertThat(next[i]).as("step %d value %d", step, i).isCloseTo((float) (ve * Math.sqrt(alphaPrevious)), within(2e-4f));
            }
            sample = next;
        }
    }

    @Test
    void eulerAncestralFollowsKDiffusion() {
        NoiseSchedule schedule = new NoiseSchedule(SD);
        int steps = 8;
        EulerAncestralScheduler euler = new EulerAncestralScheduler(schedule, steps, VALUES);
        double[] timesteps = euler.timesteps();
        GaussianNoise schedulerNoise = new GaussianNoise(7, 1);
        GaussianNoise referenceNoise = new GaussianNoise(7, 1);
        float[] sample = randomSample(2);
        for (int i = 0; i < VALUES; i++) {
            sample[i] *= (float) euler.initialNoiseSigma();
        }
        double[] sigmas = new double[steps + 1];
        for (int step = 0; step < steps; step++) {
            double alpha = linearlyInterpolatedAlpha(timesteps[step]);
            sigmas[step] = Math.sqrt((1 - alpha) / alpha);
        }
        assertThat(euler.initialNoiseSigma()).isCloseTo(sigmas[0], within(1e-6));
        for (int step = 0; step < steps; step++) {
            double sigma = sigmas[step];
            double sigmaNext = sigmas[step + 1];
            float[] modelInput = euler.scaleModelInput(sample, step);
            float[] epsilon = epsilonModel(modelInput, timesteps[step]);
            float[] next = euler.step(epsilon, step, sample, schedulerNoise);
            double sigmaUp = Math.min(sigmaNext, Math.sqrt(sigmaNext * sigmaNext * (sigma * sigma - sigmaNext * sigmaNext) / (sigma * sigma)));
            double sigmaDown = Math.sqrt(sigmaNext * sigmaNext - sigmaUp * sigmaUp);
            float[] fresh = sigmaNext > 0 ? referenceNoise.next(VALUES) : new float[VALUES];
            for (int i = 0; i < VALUES; i++) {
                double denoised = sample[i] - sigma * epsilon[i];
                double derivative = (sample[i] - denoised) / sigma;
                double expected = sample[i] + derivative * (sigmaDown - sigma) + fresh[i] * sigmaUp;
                assertThat(next[i]).as("step %d value %d", step, i).isCloseTo((float) expected, within(2e-4f));
            }
            sample = next;
        }
    }

    /** diffusers interpolates σ, not ᾱ, between integer timesteps. */
    private static double linearlyInterpolatedAlpha(double timestep) {
        int below = (int) Math.floor(timestep);
        double fraction = timestep - below;
        double sigmaBelow = Math.sqrt((1 - referenceAlphaCumprod(below)) / referenceAlphaCumprod(below));
        if (fraction == 0) {
            return referenceAlphaCumprod(below);
        }
        double sigmaAbove = Math.sqrt((1 - referenceAlphaCumprod(below + 1)) / referenceAlphaCumprod(below + 1));
        double sigma = sigmaBelow * (1 - fraction) + sigmaAbove * fraction;
        return 1 / (sigma * sigma + 1);
    }

    @Test
    void dpmSolverPlusPlusTwoMFollowsKDiffusion() {
        NoiseSchedule schedule = new NoiseSchedule(SD);
        int steps = 6;
        DpmSolverMultistepScheduler dpm = new DpmSolverMultistepScheduler(schedule, steps);
        double[] timesteps = dpm.timesteps();
        assertThat(timesteps).containsExactly(999, 833, 666, 500, 333, 167);
        float[] sampleVp = randomSample(3);
        double[] referenceVe = new double[VALUES];
        double alphaStart = referenceAlphaCumprod(999);
        for (int i = 0; i < VALUES; i++) {
            referenceVe[i] = sampleVp[i] / Math.sqrt(alphaStart);
        }
        double[] oldDenoised = null;
        for (int step = 0; step < steps; step++) {
            int t = (int) timesteps[step];
            double alpha = referenceAlphaCumprod(t);
            double sigma = Math.sqrt((1 - alpha) / alpha);
            boolean last = step == steps - 1;
            double sigmaNext = last ? 0 : Math.sqrt((1 - referenceAlphaCumprod((int) timesteps[step + 1]))
                    / referenceAlphaCumprod((int) timesteps[step + 1]));
            float[] epsilon = epsilonModel(sampleVp, t);
            sampleVp = dpm.step(epsilon, step, sampleVp, null);

            double[] denoised = new double[VALUES];
            for (int i = 0; i < VALUES; i++) {
                denoised[i] = referenceVe[i] - sigma * epsilon[i];
            }
            if (last) {
                referenceVe = denoised;
            } else {
                double h = -Math.log(sigmaNext) + Math.log(sigma);
                for (int i = 0; i < VALUES; i++) {
                    double d = denoised[i];
                    if (oldDenoised != null) {
                        double hLast = -Math.log(sigma) + Math.log(Math.sqrt((1 - referenceAlphaCumprod((int) timesteps[step - 1]))
                                / referenceAlphaCumprod((int) timesteps[step - 1])));
                        double r = hLast / h;
                        d = (1 + 1 / (2 * r)) * denoised[i] - (1 / (2 * r)) * oldDenoised[i];
                    }
                    referenceVe[i] = (sigmaNext / sigma) * referenceVe[i] - Math.expm1(-h) * d;
                }
            }
            oldDenoised = denoised;
            double alphaNext = last ? 1 : referenceAlphaCumprod((int) timesteps[step + 1]);
            for (int i = 0; i < VALUES; i++) {
                assertThat(sampleVp[i]).as("step %d value %d", step, i)
                        .isCloseTo((float) (referenceVe[i] * Math.sqrt(alphaNext)), within(5e-4f));
            }
        }
    }

    @Test
    void vPredictionGivesTheSameCleanLatentsAsTheEquivalentEpsilon() {
        double alpha = 0.3;
        double x0 = 0.7;
        double epsilon = -1.2;
        double sample = Math.sqrt(alpha) * x0 + Math.sqrt(1 - alpha) * epsilon;
        double v = Math.sqrt(alpha) * epsilon - Math.sqrt(1 - alpha) * x0;
        assertThat(Predictions.original(PredictionType.EPSILON, sample, epsilon, alpha)).isCloseTo(x0, within(1e-12));
        assertThat(Predictions.original(PredictionType.V_PREDICTION, sample, v, alpha)).isCloseTo(x0, within(1e-12));
    }

    @Test
    void noisedLatentsAreAtTheNoiseLevelOfTheirStep() {
        NoiseSchedule schedule = new NoiseSchedule(new SchedulerConfig(1000, 0.0001, 0.02, BetaSchedule.LINEAR,
                PredictionType.EPSILON, 0, false, Optional.empty()));
        float[] clean = {1f};
        float[] noise = {1f};
        DdimScheduler ddim = new DdimScheduler(schedule, 10);
        double alpha = schedule.alphaCumprod(ddim.timesteps()[3]);
        assertThat(ddim.noised(clean, noise, 3)[0]).isCloseTo((float) (Math.sqrt(alpha) + Math.sqrt(1 - alpha)), within(1e-6f));
        assertThat(ddim.noised(clean, noise, 10)[0]).isEqualTo(1f);
        EulerAncestralScheduler euler = new EulerAncestralScheduler(schedule, 10, 1);
        assertThat(euler.noised(clean, noise, 0)[0]).isCloseTo((float) (1 + euler.initialNoiseSigma()), within(1e-5f));
    }

    @Test
    void imageKOfAJobDrawsTheSameNoiseAloneOrInABatch() {
        float[] batch = new GaussianNoise(100, 3).next(5);
        float[] third = new GaussianNoise(102, 1).next(5);
        for (int i = 0; i < 5; i++) {
            assertThat(batch[10 + i]).isEqualTo(third[i]);
        }
    }
}
