package com.atelier.functions.images;

import com.atelier.functions.http.ApiResponses;
import com.atelier.images.ImageBlobs;
import com.atelier.images.ImageKeys;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobStatus;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Locale;

/** How the API shows a job: its status and progress, and for a finished one its images and cost. */
final class JobViews {

    /** OpenAI's image URLs are valid for an hour. */
    static final Duration URL_VALIDITY = Duration.ofHours(1);

    private JobViews() {
    }

    static ObjectNode job(JobRecord job, ImageBlobs images) {
        ObjectNode view = ApiResponses.JSON.createObjectNode()
                .put("id", job.jobId())
                .put("object", "job")
                .put("kind", job.kind().name().toLowerCase(Locale.ROOT))
                .put("status", job.status().name().toLowerCase(Locale.ROOT))
                .put("created", job.createdAt().getEpochSecond())
                .put("n", job.images())
                .put("size", job.spec().sizePixels() + "x" + job.spec().sizePixels())
                .put("credits", job.credits())
                .put("seed", job.spec().seed());
        if (!job.spec().prompt().isEmpty()) {
            // What the caller asked for: a client shows it beside the images and can run the job again.
            view.put("prompt", job.spec().prompt());
        }
        job.statusReason().ifPresent(reason -> view.put("status_reason", reason));
        job.spec().revisedPrompt().ifPresent(revised -> view.put("revised_prompt", revised));
        view.putObject("progress").put("completed_steps", job.completedSteps()).put("total_steps", job.totalSteps());
        if (job.status() == JobStatus.SUCCEEDED) {
            ArrayNode data = view.putArray("data");
            // The worker draws image k of a job from seed + k, and keeps k in the key of each image it keeps.
            for (String key : job.imageKeys()) {
                data.addObject().put("url", images.presignGet(key, URL_VALIDITY).toString())
                        .put("seed", job.spec().seed() + ImageKeys.index(key));
            }
            view.put("flagged_images", job.flaggedImages());
        }
        job.cost().ifPresent(cost -> view.putObject("cost").put("model", cost.model()).put("steps", cost.steps())
                .put("device", cost.device()).put("device_ms", cost.deviceMillis()).put("work_ms", cost.workMillis()));
        return view;
    }
}
