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
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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
    void anAcceptedJobShowsThePromptItWasAskedForSoThatAClientCanRunItAgain() {
        APIGatewayV2HTTPResponse response = submit("{\"kind\":\"generation\",\"prompt\":\"a blue star\",\"n\":2,\"size\":\"256x256\"}");

        assertThat(response.getStatusCode()).isEqualTo(202);
        assertThat(body(response).get("prompt").asText()).isEqualTo("a blue star");
        assertThat(body(response).get("n").asInt()).isEqualTo(2);
    }

    @Test
    void aChosenSeedIsRecordedAndShownWithTheJob() {
        APIGatewayV2HTTPResponse accepted = submit("{\"kind\":\"generation\",\"prompt\":\"a red circle\",\"seed\":4294967295}");

        assertThat(accepted.getStatusCode()).isEqualTo(202);
        assertThat(body(accepted).get("seed").asLong()).isEqualTo(4_294_967_295L);
    }

    @Test
    void aJobWithoutASeedShowsTheOneItDrewWhichCouldBeSentBack() {
        APIGatewayV2HTTPResponse accepted = submit("{\"kind\":\"generation\",\"prompt\":\"a red circle\"}");

        assertThat(accepted.getStatusCode()).isEqualTo(202);
        assertThat(body(accepted).get("seed").asLong()).isBetween(0L, 4_294_967_295L);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "4294967296", "7.0", "7e0", "\"7\"", "true", "18446744073709551616"})
    void aSeedIsAWholeNumberFromZeroTo2To32Less1(String seed) {
        JsonNode error = refusal(submit("{\"kind\":\"generation\",\"prompt\":\"a red circle\",\"seed\":" + seed + "}"), 400);

        assertThat(error.get("param").asText()).isEqualTo("seed");
        assertThat(error.get("message").asText()).isEqualTo("'seed' must be an integer from 0 to 4294967295.");
    }

    @Test
    void theModelsListShowsTheInstalledModelInOpenAisShapeWithWhatItDraws() {
        APIGatewayV2HTTPResponse response = HANDLER.handleRequest(
                event("GET /v1/models", apiKey, Map.of(), Map.of(), Map.of(), null), null);

        assertThat(response.getStatusCode()).isEqualTo(200);
        JsonNode list = body(response);
        assertThat(list.get("object").asText()).isEqualTo("list");
        JsonNode model = list.get("data").get(0);
        assertThat(model.get("id").asText()).isEqualTo("atelier-shapes-64");
        assertThat(model.get("object").asText()).isEqualTo("model");
        assertThat(model.get("created").asLong()).isPositive();
        assertThat(model.get("owned_by").asText()).isEqualTo("atelier");
        assertThat(model.get("domain").asText()).contains("coloured shapes");
        assertThat(model.get("native_size").asText()).isEqualTo("64x64");
        assertThat(model.at("/recommended/steps").asInt()).isEqualTo(20);
        assertThat(model.at("/recommended/size").asText()).isEqualTo("256x256");
        assertThat(model.at("/vocabulary/words").toString()).contains("\"circle\"", "\"red\"");
    }

    @Test
    void oneModelIsFoundByItsIdAndAnyOtherIsA404() {
        APIGatewayV2HTTPResponse found = HANDLER.handleRequest(event("GET /v1/models/{id}", apiKey,
                Map.of("id", "atelier-shapes-64"), Map.of(), Map.of(), null), null);
        APIGatewayV2HTTPResponse missing = HANDLER.handleRequest(event("GET /v1/models/{id}", apiKey,
                Map.of("id", "dall-e-3"), Map.of(), Map.of(), null), null);

        assertThat(found.getStatusCode()).isEqualTo(200);
        assertThat(body(found).get("id").asText()).isEqualTo("atelier-shapes-64");
        assertThat(refusal(missing, 404).get("code").asText()).isEqualTo("not_found");
    }

    @Test
    void aPromptWithNoWordTheModelKnowsIsRefusedNamingItsVocabularyOnBothApis() {
        APIGatewayV2HTTPResponse fromJobs = submit("{\"kind\":\"generation\",\"prompt\":\"a cat sleeping\"}");
        APIGatewayV2HTTPResponse fromImages = new ImagesHandler(ImagesHandler.Services.wire(FIXTURE.wiring()))
                .handleRequest(event("images-generations", apiKey, "{\"prompt\":\"a cat sleeping\"}"), null);

        JsonNode error = refusal(fromJobs, 400);
        assertThat(error.get("code").asText()).isEqualTo("prompt_outside_vocabulary");
        assertThat(error.get("param").asText()).isEqualTo("prompt");
        assertThat(error.get("message").asText()).contains("atelier-shapes-64").contains("circle, cross")
                .contains("nothing was charged");
        assertThat(body(fromImages).get("error")).isEqualTo(error);
    }

    @Test
    void anOperatorCanTurnTheKnownWordsRuleOffForAModelWithAnOpenVocabulary() {
        HandlerFixture open = new HandlerFixture(50, Map.of("ATELIER_REQUIRE_KNOWN_WORDS", "off"));
        JobsHandler handler = new JobsHandler(JobsHandler.Services.wire(open.wiring()));

        APIGatewayV2HTTPResponse accepted = handler.handleRequest(event("jobs-submit", open.newApiKey(),
                "{\"kind\":\"generation\",\"prompt\":\"a cat sleeping\"}"), null);

        assertThat(accepted.getStatusCode()).isEqualTo(202);
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
