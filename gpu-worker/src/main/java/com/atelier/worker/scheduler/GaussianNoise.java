package com.atelier.worker.scheduler;

import java.util.Random;

/**
 * Standard normal noise for a batch, image by image: image k of a job draws from its own generator
 * seeded with {@code seed + k}, so an image is the same whether it is made alone or in a batch.
 */
public final class GaussianNoise {

    private final Random[] generators;

    public GaussianNoise(long seed, int images) {
        generators = new Random[images];
        for (int k = 0; k < images; k++) {
            generators[k] = new Random(seed + k);
        }
    }

    /** A fresh draw for the whole batch, {@code valuesPerImage} values each. */
    public float[] next(int valuesPerImage) {
        float[] noise = new float[valuesPerImage * generators.length];
        for (int k = 0; k < generators.length; k++) {
            for (int i = 0; i < valuesPerImage; i++) {
                noise[k * valuesPerImage + i] = (float) generators[k].nextGaussian();
            }
        }
        return noise;
    }

    public int images() {
        return generators.length;
    }
}
