package com.atelier.credits;

import com.atelier.jobs.JobKind;

/** One credit per request of up to 4 generated or 3 edited/varied images; more images cost ceil(n/4) or ceil(n/3). */
public final class Pricing {

    public static final int MAX_IMAGES = 10;

    private Pricing() {
    }

    public static int creditsFor(JobKind kind, int images) {
        if (images < 1 || images > MAX_IMAGES) {
            throw new IllegalArgumentException("a job makes 1 to " + MAX_IMAGES + " images, not " + images);
        }
        return (images + kind.imagesPerCredit() - 1) / kind.imagesPerCredit();
    }
}
