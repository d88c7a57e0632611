package com.atelier.functions.images;

import com.atelier.auth.Caller;
import com.atelier.functions.wiring.Wiring;
import com.atelier.auth.Authenticator;
import com.atelier.images.ImageJobs;
import com.atelier.images.ImageBlobs;
import com.atelier.config.AtelierConfig;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.accounts.Account;
import com.atelier.api.ApiFunction;
import com.atelier.functions.http.ApiError;
import com.atelier.functions.http.ApiHandler;
import com.atelier.functions.http.ApiRequest;
import com.atelier.functions.http.ApiResponses;
import com.atelier.functions.http.JsonFields;
import com.atelier.functions.http.MultipartForm;
import com.atelier.functions.http.SnapStartPriming;
import com.atelier.images.GenerationCommand;
import com.atelier.images.ImageCommand;
import com.atelier.images.UploadedImage;
import com.atelier.jobs.JobAdmission;
import com.atelier.jobs.JobKind;
import com.atelier.jobs.JobRecord;
import com.atelier.logging.JsonLog;
import com.atelier.ratelimit.RateLimiter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;

/**
 * OpenAI's Images API for dall-e-2: {@code POST /v1/images/generations} (JSON), {@code /edits} and
 * {@code /variations} (multipart/form-data). Validates every parameter as OpenAI does, screens the
 * prompt and the upload, pays for and queues the job, then waits for it (up to the configured wait,
 * below API Gateway's 30 s) and answers {@code {"created", "data": [{"url"} | {"b64_json"}]}}. A job
 * not done by then is answered with 202 and the job to poll at {@code GET /v1/jobs/{id}}. Bodies pass
 * through Lambda, whose 6 MB request limit caps an upload with its mask; the jobs API's presigned
 * uploads are the way around it.
 */
public final class ImagesHandler extends ApiHandler {

    private static final Set<String> GENERATION_PARAMETERS = Set.of("prompt", "model", "n", "size", "response_format",
            "user", "quality", "style", "seed");
    private static final Set<String> EDIT_TEXT_PARAMETERS = Set.of("prompt", "model", "n", "size", "response_format", "user",
            "seed");
    private static final Set<String> VARIATION_TEXT_PARAMETERS = Set.of("model", "n", "size", "response_format", "user", "seed");
    private static final Set<String> FILE_FIELDS = Set.of("image", "mask");

    private final Services services;

    /** What this function uses, and nothing else: its composition root is {@link #wire}. */
    public record Services(Authenticator authenticator, ImageJobs imageJobs, RateLimiter imageRateLimiter, ImageBlobs images, AtelierConfig config) {
        public static Services wire(Wiring wiring) {
            return new Services(wiring.authenticator(),
                    wiring.imageJobs(),
                    wiring.imageRateLimiter(),
                    wiring.images(),
                    wiring.config());
        }
    }

    public ImagesHandler() {
        this(Wiring.fromEnvironment());
    }

    private ImagesHandler(Wiring wiring) {
        this(Services.wire(wiring));
        SnapStartPriming.register(this, ApiFunction.IMAGES, wiring);
    }

    public ImagesHandler(Services services) {
        this.services = services;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Caller caller = services.authenticator().identify(request.header("authorization").orElse(null));
        RateLimiter.Decision rate = services.imageRateLimiter().take(caller.account().accountId());
        return ImageRequestLimit.apply(rate, request.requestId(), () -> switch (request.routeKey()) {
            case "POST /v1/images/generations" -> generate(caller, request);
            case "POST /v1/images/edits" -> fromImage(caller, request, JobKind.EDIT);
            case "POST /v1/images/variations" -> fromImage(caller, request, JobKind.VARIATION);
            default -> throw new IllegalStateException("no route " + request.routeKey() + " in " + getClass().getSimpleName());
        });
    }

    private APIGatewayV2HTTPResponse generate(Caller caller, ApiRequest request) {
        JsonNode body = request.jsonBody();
        ImageParameters.onlyKnown(body, GENERATION_PARAMETERS);
        ImageParameters.checkModel(body);
        for (String ignoredByDallE2 : new String[] {"quality", "style"}) {
            JsonNode value = body.path(ignoredByDallE2);
            if (ImageParameters.present(value) && !(ignoredByDallE2.equals("quality") && value.asText().equals("standard"))) {
                throw ApiError.invalidRequest(ignoredByDallE2, "'" + ignoredByDallE2 + "' is not supported by dall-e-2.");
            }
        }
        GenerationCommand command = new GenerationCommand(ImageParameters.prompt(body), ImageParameters.count(body),
                ImageParameters.size(body), ImageParameters.user(body), ImageParameters.seed(body));
        boolean base64 = ImageParameters.responseFormatIsBase64(body, command.images(), command.size());
        return answer(request, services.imageJobs().generate(caller, request.requestId(),
                request.idempotencyKey(), command, Optional.empty()), base64);
    }

    /** Edits and variations: multipart/form-data with the image (and an edit's mask) as PNG files. */
    private APIGatewayV2HTTPResponse fromImage(Caller caller, ApiRequest request, JobKind kind) {
        MultipartForm form = MultipartForm.parse(request, UploadedImage.MAX_BYTES + 1L);
        ObjectNode fields = ApiResponses.JSON.createObjectNode();
        for (MultipartForm.Part part : form.parts().values()) {
            if (part.filename().isEmpty() && !FILE_FIELDS.contains(part.name())) {
                fields.set(part.name(), textField(part.name(), part.text()));
            }
        }
        ImageParameters.onlyKnown(fields, kind == JobKind.EDIT ? EDIT_TEXT_PARAMETERS : VARIATION_TEXT_PARAMETERS);
        form.parts().keySet().stream().filter(name -> !fields.has(name) && !FILE_FIELDS.contains(name)).findFirst()
                .ifPresent(name -> {
                    throw ApiError.invalidRequest(name, "Unrecognized request argument supplied: " + name);
                });
        ImageParameters.checkModel(fields);
        Optional<String> prompt = kind == JobKind.EDIT ? Optional.of(ImageParameters.prompt(fields)) : Optional.empty();
        if (kind == JobKind.VARIATION && form.part("mask").isPresent()) {
            throw ApiError.invalidRequest("mask", "Unrecognized request argument supplied: mask");
        }
        UploadedImage image = UploadedImage.of("image",
                form.part("image").orElseThrow(() -> ApiError.missingParameter("image")).bytes());
        Optional<UploadedImage> mask = Optional.empty();
        if (kind == JobKind.EDIT) {
            mask = form.part("mask").map(part -> UploadedImage.of("mask", part.bytes()));
            ImageParameters.checkEdit(image, mask, "image", "mask");
        }
        ImageCommand command = new ImageCommand(prompt, ImageParameters.count(fields), ImageParameters.size(fields),
                ImageParameters.user(fields), ImageParameters.seed(fields), image, mask);
        boolean base64 = ImageParameters.responseFormatIsBase64(fields, command.images(), command.size());
        return answer(request, services.imageJobs().fromImage(caller, request.requestId(),
                request.idempotencyKey(), kind, command, Optional.empty()), base64);
    }

    /** Waits for the job and answers as OpenAI does, or with the job to poll when the wait runs out. */
    private APIGatewayV2HTTPResponse answer(ApiRequest request, JobAdmission.Admission admission, boolean base64) {
        JobRecord job = services.imageJobs().awaitFinished(admission.job().jobId(), services.config().imagesSyncWait());
        JsonLog.info("images_requested", JsonLog.fields().put("requestId", request.requestId()).put("jobId", job.jobId())
                .put("kind", job.kind().name()).put("images", job.images()).put("credits", job.credits())
                .put("chargedNow", admission.chargedNow()).put("status", job.status().name()));
        return switch (job.status()) {
            case SUCCEEDED -> ApiResponses.json(200, images(job, base64));
            case REJECTED -> throw ApiError.contentPolicyViolation("The images made for your request were all "
                    + "flagged by our safety system and withheld; your credits were refunded.");
            case FAILED, CANCELLED -> throw ApiError.generationFailed("The images could not be made ("
                    + job.statusReason().orElse("unknown") + "); your credits were refunded.");
            default -> ApiResponses.json(202, JobViews.job(job, services.images()));
        };
    }

    private ObjectNode images(JobRecord job, boolean base64) {
        ObjectNode answer = ApiResponses.JSON.createObjectNode().put("created", job.createdAt().getEpochSecond());
        ArrayNode data = answer.putArray("data");
        for (String key : job.imageKeys()) {
            ObjectNode image = data.addObject();
            if (base64) {
                byte[] png = services.images().find(key).orElseThrow(() ->
                        new IllegalStateException("job " + job.jobId() + " lists " + key + ", which is gone"));
                image.put("b64_json", Base64.getEncoder().encodeToString(png));
            } else {
                image.put("url", services.images().presignGet(key, JobViews.URL_VALIDITY).toString());
            }
            job.spec().revisedPrompt().ifPresent(revised -> image.put("revised_prompt", revised));
        }
        return answer;
    }

    /** A form field's text as JSON, numbers as numbers, so that one set of rules reads both kinds of body. */
    private static JsonNode textField(String name, String text) {
        return switch (name) {
            case "n" -> JsonFields.integerText(text);
            case "seed" -> JsonFields.longText(text);
            default -> TextNode.valueOf(text);
        };
    }
}
