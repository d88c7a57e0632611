package com.atelier.functions.images;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.accounts.Account;
import com.atelier.api.ApiException;
import com.atelier.functions.Services;
import com.atelier.functions.http.ApiHandler;
import com.atelier.functions.http.ApiRequest;
import com.atelier.functions.http.ApiResponses;
import com.atelier.functions.http.JsonLog;
import com.atelier.images.GenerationCommand;
import com.atelier.images.ImageJobs;
import com.atelier.images.ImageSize;
import com.atelier.jobs.JobAdmission;
import com.atelier.jobs.JobRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code POST /v1/images/generations}: OpenAI's Images API for dall-e-2. Validates every parameter as
 * OpenAI does, moderates, pays for and queues the job, then waits for it (up to the configured wait,
 * below API Gateway's 30 s) and answers {@code {"created", "data": [{"url"} | {"b64_json"}]}}. A job
 * not done by then is answered with 202 and the job to poll at {@code GET /v1/jobs/{id}}.
 */
public final class ImagesHandler extends ApiHandler {

    private static final Set<String> PARAMETERS = Set.of("prompt", "model", "n", "size", "response_format", "user",
            "quality", "style");

    private final Services services;

    public ImagesHandler() {
        this(Services.shared());
    }

    public ImagesHandler(Services services) {
        this.services = services;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Account caller = services.authenticator().authenticate(request.header("authorization").orElse(null));
        JsonNode body = request.jsonBody();
        GenerationCommand command = generation(body);
        boolean base64 = responseFormatIsBase64(body);
        JobAdmission.Admission admission;
        try {
            admission = services.imageJobs().generate(caller.accountId(), request.requestId(),
                    request.header("idempotency-key"), command);
        } catch (ImageJobs.PromptRefusedException refused) {
            throw ApiException.contentPolicyViolation("Your request was rejected as a result of our safety system. "
                    + "Your prompt may contain text that is not allowed by our content policy (" + refused.category() + ").");
        }
        JobRecord job = services.imageJobs().awaitFinished(admission.job().jobId(), services.config().imagesSyncWait());
        JsonLog.info("images_requested", request.requestId(), JsonLog.fields().put("jobId", job.jobId())
                .put("images", job.images()).put("credits", job.credits()).put("chargedNow", admission.chargedNow())
                .put("status", job.status().name()));
        return switch (job.status()) {
            case SUCCEEDED -> ApiResponses.json(200, images(job, base64));
            case REJECTED -> throw ApiException.contentPolicyViolation("The images made for your request were all "
                    + "flagged by our safety system and withheld; your credits were refunded.");
            case FAILED, CANCELLED -> throw ApiException.generationFailed("The images could not be made ("
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
                image.put("b64_json", Base64.getEncoder().encodeToString(services.images().get(key)));
            } else {
                image.put("url", services.images().presignGet(key, JobViews.URL_VALIDITY).toString());
            }
            job.spec().revisedPrompt().ifPresent(revised -> image.put("revised_prompt", revised));
        }
        return answer;
    }

    /** OpenAI's rules for dall-e-2, each refusal naming its parameter. */
    static GenerationCommand generation(JsonNode body) {
        body.fieldNames().forEachRemaining(name -> {
            if (!PARAMETERS.contains(name)) {
                throw ApiException.invalidRequest(name, "Unrecognized request argument supplied: " + name);
            }
        });
        JsonNode model = body.path("model");
        if (!model.isMissingNode() && !model.isNull() && !"dall-e-2".equals(model.asText())) {
            throw ApiException.invalidRequest("model", "Invalid value for 'model': only 'dall-e-2' is served here.");
        }
        JsonNode prompt = body.path("prompt");
        if (prompt.isMissingNode() || prompt.isNull()) {
            throw ApiException.missingParameter("prompt");
        }
        if (!prompt.isTextual() || prompt.asText().isBlank()) {
            throw ApiException.invalidRequest("prompt", "'prompt' must be a non-empty string.");
        }
        if (prompt.asText().length() > GenerationCommand.MAX_PROMPT_CHARACTERS) {
            throw ApiException.invalidRequest("prompt", "'prompt' is too long: the maximum length is "
                    + GenerationCommand.MAX_PROMPT_CHARACTERS + " characters.");
        }
        int n = 1;
        JsonNode count = body.path("n");
        if (!count.isMissingNode() && !count.isNull()) {
            if (!count.isIntegralNumber() || count.asInt() < 1 || count.asInt() > GenerationCommand.MAX_IMAGES) {
                throw ApiException.invalidRequest("n", "'n' must be an integer from 1 to " + GenerationCommand.MAX_IMAGES + ".");
            }
            n = count.asInt();
        }
        ImageSize size = ImageSize.LARGE;
        JsonNode sizeNode = body.path("size");
        if (!sizeNode.isMissingNode() && !sizeNode.isNull()) {
            size = ImageSize.named(sizeNode.asText()).orElseThrow(() -> ApiException.invalidRequest("size",
                    "'" + sizeNode.asText() + "' is not one of ['256x256', '512x512', '1024x1024'] - 'size'"));
        }
        for (String ignoredByDallE2 : new String[] {"quality", "style"}) {
            JsonNode value = body.path(ignoredByDallE2);
            if (!value.isMissingNode() && !value.isNull() && !(ignoredByDallE2.equals("quality") && value.asText().equals("standard"))) {
                throw ApiException.invalidRequest(ignoredByDallE2, "'" + ignoredByDallE2 + "' is not supported by dall-e-2.");
            }
        }
        JsonNode user = body.path("user");
        if (!user.isMissingNode() && !user.isNull() && !user.isTextual()) {
            throw ApiException.invalidRequest("user", "'user' must be a string.");
        }
        return new GenerationCommand(prompt.asText(), n, size,
                user.isTextual() ? Optional.of(user.asText()) : Optional.empty());
    }

    static boolean responseFormatIsBase64(JsonNode body) {
        JsonNode format = body.path("response_format");
        if (format.isMissingNode() || format.isNull()) {
            return false;
        }
        return switch (format.asText().toLowerCase(Locale.ROOT)) {
            case "url" -> false;
            case "b64_json" -> true;
            default -> throw ApiException.invalidRequest("response_format",
                    "'" + format.asText() + "' is not one of ['url', 'b64_json'] - 'response_format'");
        };
    }
}
