package com.atelier.images;

import com.atelier.hashing.Sha256;
import com.atelier.jobs.JobSpec;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The seed of a job's first image (image k uses seed + k): the caller's, from 0 to {@link JobSpec#MAX_SEED},
 * or one drawn from the job id in the same range, so that any seed a job shows can be sent again to
 * draw the same images.
 */
final class Seeds {

    private Seeds() {
    }

    static void check(Optional<Long> seed) {
        if (seed.isPresent() && (seed.get() < 0 || seed.get() > JobSpec.MAX_SEED)) {
            throw new IllegalArgumentException("seed must be 0 to " + JobSpec.MAX_SEED);
        }
    }

    static long fromJobId(String jobId) {
        return ByteBuffer.wrap(Sha256.bytes(jobId)).getLong() & JobSpec.MAX_SEED;
    }
}
