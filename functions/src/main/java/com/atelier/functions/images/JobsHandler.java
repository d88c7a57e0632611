package com.atelier.functions.images;

import com.atelier.auth.Caller;
import com.atelier.functions.wiring.Wiring;
import com.atelier.auth.Authenticator;
import com.atelier.images.ImageJobs;
import com.atelier.ratelimit.RateLimiter;
import java.time.Clock;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.accounts.Account;
import com.atelier.api.ApiFunction;
import com.atelier.functions.http.ApiError;
import com.atelier.functions.http.ApiHandler;
import com.atelier.functions.http.ApiRequest;
import com.atelier.functions.http.ApiResponses;
import com.atelier.functions.http.SnapStartPriming;
import com.atelier.images.GenerationCommand;
import com.atelier.images.ImageCommand;
import com.atelier.images.ImageKeys;
import com.atelier.images.ImageBlobs;
import com.atelier.images.UploadedImage;
import com.atelier.jobs.JobAdmission;
import com.atelier.jobs.JobKind;
import com.atelier.jobs.JobOutcomes;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobRepository;
import com.atelier.models.ModelCard;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.atelier.functions.http.JsonFields;
import com.atelier.functions.webhooks.ReceiverUrls;
import com.atelier.webhooks.JobCallback;
import com.atelier.webhooks.ReceiverAddresses;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The jobs API, for integrations and slow work: {@code POST /v1/uploads} (a presigned PUT for a PNG),
 * {@code POST /v1/jobs} (any kind, answered at once), {@code GET /v1/jobs/{id}} (progress and, once
 * made, images and cost), {@code GET /v1/jobs?limit=&after=} (newest first) and
 * {@code DELETE /v1/jobs/{id}} (cancels a job no worker has started, and refunds it); and what draws
 * the jobs, {@code GET /v1/models} and {@code GET /v1/models/{id}}. Another account's job is answered
 * as one that does not exist.
 */
public final class JobsHandler extends ApiHandler {

    private static final Duration UPLOAD_URL_VALIDITY = Duration.ofMinutes(15);
    private static final Pattern UPLOAD_ID = Pattern.compile("upl_[0-9a-f]{32}");
    private static final int DEFAULT_PAGE = 20;
    private static final int MAX_PAGE = 100;

    private final Services services;

    /** What this function uses, and nothing else: its composition root is {@link #wire}. */
    public record Services(Authenticator authenticator, JobRepository jobs, ImageJobs imageJobs, RateLimiter imageRateLimiter, ImageBlobs images, JobOutcomes jobOutcomes, ModelCard installedModel, ReceiverAddresses callbackReceivers, Clock clock) {
        public static Services wire(Wiring wiring) {
            return new Services(wiring.authenticator(),
                    wiring.jobs(),
                    wiring.imageJobs(),
                    wiring.imageRateLimiter(),
                    wiring.images(),
                    wiring.jobOutcomes(),
                    wiring.installedModel(),
                    wiring.webhookReceivers(),
                    wiring.clock());
        }
    }

    public JobsHandler() {
        this(Wiring.fromEnvironment());
    }

    private JobsHandler(Wiring wiring) {
        this(Services.wire(wiring));
        SnapStartPriming.register(this, ApiFunction.JOBS, wiring);
    }

    public JobsHandler(Services services) {
        this.services = services;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Caller identified = services.authenticator().identify(request.header("authorization").orElse(null));
        Account caller = identified.account();
        return switch (request.routeKey()) {
            case "GET /v1/jobs/{id}" -> ApiResponses.json(200, JobViews.job(owned(caller, request), services.images()));
            case "GET /v1/jobs" -> list(caller, request);
            case "DELETE /v1/jobs/{id}" -> cancel(owned(caller, request));
            case "POST /v1/jobs" -> ImageRequestLimit.apply(services.imageRateLimiter().take(caller.accountId()),
                    request.requestId(), () -> submit(identified, request));
            case "POST /v1/uploads" -> upload(caller, ImageParameters.uploadBytes(request.jsonBody()));
            case "GET /v1/models" -> ApiResponses.json(200, ModelViews.list(services.installedModel()));
            case "GET /v1/models/{id}" -> ApiResponses.json(200, ModelViews.model(installedModel(request)));
            default -> throw new IllegalStateException("no route " + request.routeKey() + " in " + getClass().getSimpleName());
        };
    }

    /**
     * A presigned PUT for one PNG of the size the caller declared (as OpenAI's uploads take {@code
     * bytes}), so that large uploads go to S3 directly instead of through Lambda, and no larger.
     */
    private APIGatewayV2HTTPResponse upload(Account caller, long bytes) {
        String uploadId = "upl_" + UUID.randomUUID().toString().replace("-", "");
        Instant expires = services.clock().instant().plus(UPLOAD_URL_VALIDITY);
        ObjectNode answer = ApiResponses.JSON.createObjectNode()
                .put("id", uploadId)
                .put("object", "upload")
                .put("method", "PUT")
                .put("url", services.images().presignPut(ImageKeys.upload(caller.accountId(), uploadId), ImageBlobs.PNG,
                        bytes, UPLOAD_URL_VALIDITY).toString())
                .put("bytes", bytes)
                .put("content_type", ImageBlobs.PNG)
                .put("expires_at", expires.getEpochSecond());
        return ApiResponses.json(201, answer);
    }

    /**
     * A job of any kind, answered at once with the job to poll (202): the Images API's parameters,
     * with {@code image_upload_id} and {@code mask_upload_id} naming PNGs put through {@code POST /v1/uploads}.
     */
    private APIGatewayV2HTTPResponse submit(Caller caller, ApiRequest request) {
        JsonNode body = request.jsonBody();
        JobKind kind = kind(body);
        ImageParameters.onlyKnown(body, switch (kind) {
            case GENERATION -> Set.of("kind", "prompt", "model", "n", "size", "user", "seed", "webhook", "webhook_events_filter");
            case EDIT -> Set.of("kind", "prompt", "model", "n", "size", "user", "seed", "image_upload_id", "mask_upload_id",
                    "webhook", "webhook_events_filter");
            case VARIATION -> Set.of("kind", "model", "n", "size", "user", "seed", "image_upload_id", "webhook",
                    "webhook_events_filter");
        });
        ImageParameters.checkModel(body);
        Optional<JobCallback> callback = callback(body);
        JobAdmission.Admission admission;
        if (kind == JobKind.GENERATION) {
            admission = services.imageJobs().generate(caller, request.requestId(),
                    request.idempotencyKey(), new GenerationCommand(ImageParameters.prompt(body),
                            ImageParameters.count(body), ImageParameters.size(body), ImageParameters.user(body),
                            ImageParameters.seed(body)), callback);
        } else {
            Optional<String> prompt = kind == JobKind.EDIT ? Optional.of(ImageParameters.prompt(body)) : Optional.empty();
            UploadedImage image = uploaded(caller.account(), body, "image_upload_id").orElseThrow(
                    () -> ApiError.missingParameter("image_upload_id"));
            Optional<UploadedImage> mask = Optional.empty();
            if (kind == JobKind.EDIT) {
                mask = uploaded(caller.account(), body, "mask_upload_id");
                ImageParameters.checkEdit(image, mask, "image_upload_id", "mask_upload_id");
            }
            admission = services.imageJobs().fromImage(caller, request.requestId(),
                    request.idempotencyKey(), kind, new ImageCommand(prompt, ImageParameters.count(body),
                            ImageParameters.size(body), ImageParameters.user(body), ImageParameters.seed(body), image, mask),
                    callback);
        }
        return ApiResponses.json(202, JobViews.job(admission.job(), services.images()));
    }

    /**
     * Replicate's {@code webhook} and {@code webhook_events_filter}: the job's own callback, refused
     * before anything is charged when Atelier may not call it or could never send what it filters for.
     */
    private Optional<JobCallback> callback(JsonNode body) {
        JsonNode filter = body.get("webhook_events_filter");
        boolean filtered = filter != null && !filter.isNull();
        if (body.path("webhook").isMissingNode() || body.path("webhook").isNull()) {
            if (filtered) {
                throw ApiError.invalidRequest("webhook_events_filter", "'webhook_events_filter' needs a 'webhook' to send to.");
            }
            return Optional.empty();
        }
        URI url = ReceiverUrls.parse("webhook", JsonFields.requiredText(body, "webhook", ReceiverUrls.MAX_LENGTH));
        Optional<List<String>> moments = Optional.empty();
        if (filtered) {
            if (!filter.isArray() || filter.size() > JobCallback.MAX_FILTER_VALUES) {
                throw ApiError.invalidRequest("webhook_events_filter", "'webhook_events_filter' must be a list such as "
                        + "[\"start\", \"completed\"].");
            }
            List<String> names = new ArrayList<>();
            for (JsonNode name : filter) {
                if (!name.isTextual()) {
                    throw ApiError.invalidRequest("webhook_events_filter", "'webhook_events_filter' must list strings.");
                }
                names.add(name.asText());
            }
            moments = Optional.of(names);
        }
        return Optional.of(JobCallback.checked(url, moments, services.callbackReceivers()));
    }

    private static JobKind kind(JsonNode body) {
        JsonNode kind = body.path("kind");
        if (kind.isMissingNode() || kind.isNull()) {
            throw ApiError.missingParameter("kind");
        }
        return switch (kind.asText()) {
            case "generation" -> JobKind.GENERATION;
            case "edit" -> JobKind.EDIT;
            case "variation" -> JobKind.VARIATION;
            default -> throw ApiError.invalidRequest("kind", "'" + kind.asText()
                    + "' is not one of ['generation', 'edit', 'variation'] - 'kind'");
        };
    }

    /** The caller's own upload: its key holds the account, so another account's id finds nothing. */
    private Optional<UploadedImage> uploaded(Account caller, JsonNode body, String field) {
        JsonNode id = body.path(field);
        if (id.isMissingNode() || id.isNull()) {
            return Optional.empty();
        }
        if (!id.isTextual() || !UPLOAD_ID.matcher(id.asText()).matches()) {
            throw ApiError.invalidRequest(field, "'" + field + "' must be an id from POST /v1/uploads.");
        }
        byte[] png = services.images().find(ImageKeys.upload(caller.accountId(), id.asText()))
                .orElseThrow(() -> ApiError.invalidRequest(field, "No upload '" + id.asText()
                        + "': its URL expired unused, or it was never put."));
        return Optional.of(UploadedImage.of(field, png));
    }

    private ModelCard installedModel(ApiRequest request) {
        String modelId = request.pathId("Model");
        if (!modelId.equals(services.installedModel().id())) {
            throw ApiError.notFound("Model '" + modelId + "'");
        }
        return services.installedModel();
    }

    private JobRecord owned(Account caller, ApiRequest request) {
        String jobId = request.pathId("Job");
        return services.jobs().find(jobId).filter(found -> found.accountId().equals(caller.accountId()))
                .orElseThrow(() -> ApiError.notFound("Job '" + jobId + "'"));
    }

    private APIGatewayV2HTTPResponse list(Account caller, ApiRequest request) {
        JobRepository.JobPage page = services.jobs().page(caller.accountId(), request.pageLimit(DEFAULT_PAGE, MAX_PAGE),
                request.after());
        ObjectNode answer = ApiResponses.JSON.createObjectNode().put("object", "list");
        ArrayNode data = answer.putArray("data");
        page.jobs().forEach(job -> data.add(JobViews.job(job, services.images())));
        answer.put("has_more", page.nextCursor().isPresent());
        if (page.nextCursor().isPresent()) {
            answer.put("next_cursor", page.nextCursor().get());
        } else {
            answer.putNull("next_cursor");
        }
        return ApiResponses.json(200, answer);
    }

    private APIGatewayV2HTTPResponse cancel(JobRecord job) {
        JobOutcomes.Cancellation outcome = services.jobOutcomes().cancel(job);
        return switch (outcome) {
            case CANCELLED -> ApiResponses.json(200, JobViews.job(services.jobs().find(job.jobId()).orElseThrow(),
                    services.images()));
            case ALREADY_RUNNING -> throw ApiError.conflict(null, "The job is being made and can no longer be cancelled.");
            case ALREADY_FINISHED -> throw ApiError.conflict(null, "The job has finished and can no longer be cancelled.");
        };
    }
}
