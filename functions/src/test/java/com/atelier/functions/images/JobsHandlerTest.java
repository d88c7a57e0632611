package com.atelier.functions.images;

import static com.atelier.functions.testing.HandlerFixture.body;
import static com.atelier.functions.testing.HandlerFixture.event;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.auth.Caller;
import com.atelier.functions.testing.HandlerFixture;
import com.atelier.jobs.JobAttribution;
import com.atelier.jobs.JobRecord;
import com.atelier.webhooks.JobCallback;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

import java.util.Optional;

/**
 * {@code POST /v1/jobs} up to the point where a job would be paid for: the same rules and refusal texts
 * as the Images API, its own parameters named, and the rate-limit headers on every answer. As in
 * {@link ImagesHandlerTest}, a 400 here is also proof that nothing was charged.
 */
class JobsHandlerTest {

    private static final HandlerFixture FIXTURE = new HandlerFixture(50);
    private static final JobsHandler HANDLER = new JobsHandler(JobsHandler.Services.wire(FIXTURE.wiring()));
    private final String apiKey = FIXTURE.newApiKey();

    private APIGatewayV2HTTPResponse submit(String body) {
        APIGatewayV2HTTPResponse response = HANDLER.handleRequest(event("jobs-submit", apiKey, body), null);
        assertThat(response.getHeaders()).containsEntry("x-ratelimit-limit-requests", "50")
                .containsKeys("x-ratelimit-remaining-requests", "x-ratelimit-reset-requests");
        return response;
    }

    private static JsonNode refusal(APIGatewayV2HTTPResponse response, int status) {
        assertThat(response.getStatusCode()).isEqualTo(status);
        return body(response).get("error");
    }

    @Test
    void aJobNeedsAKindOfTheThree() {
        assertThat(refusal(submit("{\"prompt\":\"a red circle\"}"), 400).get("param").asText()).isEqualTo("kind");
        assertThat(refusal(submit("{\"kind\":\"upscale\"}"), 400).get("param").asText()).isEqualTo("kind");
    }

    @Test
    void aBodyThatIsNotAJsonObjectIsA400InvalidJson() {
        assertThat(refusal(submit("[1,2]"), 400).get("code").asText()).isEqualTo("invalid_json");
    }

    @Test
    void theImagesApisRulesForNAndSizeApply() {
        assertThat(refusal(submit("{\"kind\":\"generation\",\"prompt\":\"a red circle\",\"n\":0}"), 400)
                .get("param").asText()).isEqualTo("n");
        assertThat(refusal(submit("{\"kind\":\"generation\",\"prompt\":\"a red circle\",\"size\":\"2x2\"}"), 400)
                .get("param").asText()).isEqualTo("size");
    }

    @Test
    void anEditNeedsAPrompt() {
        JsonNode error = refusal(submit("{\"kind\":\"edit\",\"image_upload_id\":\"upl_0\"}"), 400);
        assertThat(error.get("code").asText()).isEqualTo("missing_required_parameter");
        assertThat(error.get("param").asText()).isEqualTo("prompt");
    }

    @Test
    void responseFormatIsNoParameterOfAJob() {
        JsonNode error = refusal(submit("{\"kind\":\"generation\",\"prompt\":\"a red circle\",\"response_format\":\"b64_json\"}"), 400);
        assertThat(error.get("param").asText()).isEqualTo("response_format");
    }

    @Test
    void anEditNeedsAnUploadIdFromTheUploadsRoute() {
        assertThat(refusal(submit("{\"kind\":\"variation\"}"), 400).get("param").asText()).isEqualTo("image_upload_id");
        assertThat(refusal(submit("{\"kind\":\"variation\",\"image_upload_id\":\"../other/key\"}"), 400)
                .get("param").asText()).isEqualTo("image_upload_id");
    }

    @Test
    void aPromptTheContentPolicyRefusesIsAnsweredAsTheImagesApiAnswersIt() {
        APIGatewayV2HTTPResponse fromJobs = submit("{\"kind\":\"generation\",\"prompt\":\"a n@ked person\"}");
        APIGatewayV2HTTPResponse fromImages = new ImagesHandler(ImagesHandler.Services.wire(FIXTURE.wiring()))
                .handleRequest(event("images-generations", apiKey, "{\"prompt\":\"a n@ked person\"}"), null);

        JsonNode error = refusal(fromJobs, 400);
        assertThat(error.get("code").asText()).isEqualTo("content_policy_violation");
        assertThat(error).isEqualTo(body(fromImages).get("error"));
    }

    @Test
    void aJobRecordsTheKeyThatSentItTheEndUserAndTheModel() {
        APIGatewayV2HTTPResponse response = submit("{\"kind\":\"generation\",\"prompt\":\"a red circle\",\"user\":\"end-user-7\"}");

        assertThat(response.getStatusCode()).isEqualTo(202);
        Caller caller = FIXTURE.wiring().authenticator().identify("Bearer " + apiKey);
        JobRecord job = FIXTURE.wiring().jobs().find(body(response).get("id").asText()).orElseThrow();
        assertThat(caller.apiKeyId()).isPresent();
        assertThat(job.attribution()).isEqualTo(new JobAttribution(caller.apiKeyId(), Optional.of("end-user-7"),
                JobAttribution.DALL_E_2));
    }

    @Test
    void anEndUserIdLongerThanTheLimitIsRefusedBeforeAnyCharge() {
        String user = "u".repeat(JobAttribution.MAX_END_USER_CHARACTERS + 1);
        JsonNode error = refusal(submit("{\"kind\":\"generation\",\"prompt\":\"a red circle\",\"user\":\"" + user + "\"}"), 400);

        assertThat(error.get("param").asText()).isEqualTo("user");
        assertThat(refusal(submit("{\"kind\":\"generation\",\"prompt\":\"a red circle\",\"user\":\"\"}"), 400)
                .get("param").asText()).isEqualTo("user");
    }

    private String accountId() {
        return FIXTURE.wiring().authenticator().identify("Bearer " + apiKey).account().accountId();
    }

    private void assertNothingRecordedNorCharged() {
        String accountId = accountId();
        assertThat(FIXTURE.wiring().jobs().page(accountId, 10, Optional.empty()).jobs()).isEmpty();
        assertThat(FIXTURE.wiring().authenticator().identify("Bearer " + apiKey).account().openDebits()).isEmpty();
    }

    @Test
    void aJobKeepsItsWebhookAndTheMomentsItFiltersFor() {
        APIGatewayV2HTTPResponse response = submit("{\"kind\":\"generation\",\"prompt\":\"a red circle\","
                + "\"webhook\":\"http://127.0.0.1:9/hooks/job\",\"webhook_events_filter\":[\"start\",\"completed\"]}");

        assertThat(response.getStatusCode()).isEqualTo(202);
        JobRecord job = FIXTURE.wiring().jobs().find(body(response).get("id").asText()).orElseThrow();
        assertThat(job.callback()).contains(new JobCallback(URI.create("http://127.0.0.1:9/hooks/job"),
                Set.of(JobCallback.Moment.START, JobCallback.Moment.COMPLETED)));
    }

    @Test
    void aWebhookToTheCloudsMetadataAddressIsRefusedBeforeAnyCharge() {
        JsonNode error = refusal(submit("{\"kind\":\"generation\",\"prompt\":\"a red circle\","
                + "\"webhook\":\"http://169.254.169.254/latest/meta-data\"}"), 400);

        assertThat(error.get("param").asText()).isEqualTo("webhook");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertNothingRecordedNorCharged();
    }

    @Test
    void aFilterAtelierCouldNeverHonourIsRefusedBeforeAnyCharge() {
        String webhook = "\"webhook\":\"http://127.0.0.1:9/hooks/job\"";
        for (String filter : List.of("[\"logs\"]", "[]", "[\"start\",\"finished\"]", "\"start\"", "[1]")) {
            JsonNode error = refusal(submit("{\"kind\":\"generation\",\"prompt\":\"a red circle\"," + webhook
                    + ",\"webhook_events_filter\":" + filter + "}"), 400);
            assertThat(error.get("param").asText()).as(filter).isEqualTo("webhook_events_filter");
        }
        assertThat(refusal(submit("{\"kind\":\"generation\",\"prompt\":\"a red circle\","
                + "\"webhook_events_filter\":[\"start\"]}"), 400).get("param").asText()).isEqualTo("webhook_events_filter");
        assertThat(refusal(submit("{\"kind\":\"generation\",\"prompt\":\"a red circle\",\"webhook\":\"not a url\"}"), 400)
                .get("param").asText()).isEqualTo("webhook");
        assertNothingRecordedNorCharged();
    }
}
