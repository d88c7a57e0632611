package com.atelier.usage;

/**
 * What was counted in a cell: OpenAI's images made and model requests (jobs), and Atelier's own
 * figures: credits spent (jobs that made images) and refunded (paid jobs that did not), the device
 * time of the jobs and the part of it on a GPU, and the images the content policy withheld.
 */
public record UsageFigures(long images, long modelRequests, long creditsSpent, long creditsRefunded,
                           long deviceMillis, long gpuMillis, long refusedImages) {

    public static final UsageFigures NONE = new UsageFigures(0, 0, 0, 0, 0, 0, 0);

    public UsageFigures plus(UsageFigures other) {
        return new UsageFigures(images + other.images, modelRequests + other.modelRequests,
                creditsSpent + other.creditsSpent, creditsRefunded + other.creditsRefunded,
                deviceMillis + other.deviceMillis, gpuMillis + other.gpuMillis, refusedImages + other.refusedImages);
    }
}
