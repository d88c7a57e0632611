package com.atelier.local.api;

import com.atelier.config.AtelierConfig;
import com.atelier.functions.wiring.AwsAdapters;
import com.atelier.functions.wiring.Wiring;
import com.atelier.local.AtelierHome;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.moderation.ContentScreening;
import com.atelier.review.Review;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The content policy as clients and reviewers meet it: the moderations endpoint, screening and the review queue. */
@ExtendWith(LocalStackExtension.class)
class ModerationApiIT {

    private Api api;
    private String adminKey;
    private String userKey;
    private Wiring wiring;

    @BeforeEach
    void connect(LocalStack stack) {
        api = new Api(stack.gatewayUrl());
        adminKey = stack.adminApiKey();
        userKey = stack.demoApiKey();
        wiring = new Wiring(AtelierConfig.fromEnvironment(), new AwsAdapters(AtelierConfig.fromEnvironment(), stack.clients()), Clock.systemUTC());
    }

    @Test
    void theModerationsEndpointAnswersInOpenAisShapeWithEvidence() {
        Api.Answer answer = api.post("/v1/moderations", userKey, Map.of("input", List.of("a k1ll3r whale", "a d3capitated body")));

        assertThat(answer.status()).isEqualTo(200);
        JsonNode results = answer.body().get("results");
        assertThat(results.get(0).get("flagged").asBoolean()).isFalse();
        assertThat(results.get(1).get("flagged").asBoolean()).isTrue();
        assertThat(results.get(1).at("/categories/violence").asBoolean()).isTrue();
        assertThat(results.get(1).at("/evidence/0/text").asText()).isEqualTo("d3capitated");
        assertThat(api.post("/v1/moderations", userKey, Map.of()).body().at("/error/param").asText()).isEqualTo("input");
        assertThat(api.post("/v1/moderations", null, Map.of("input", "x")).status()).isEqualTo(401);
    }

    @Test
    void aBlockedPromptGoesToTheReviewQueueAndAnAdminResolvesItOnce() {
        String account = "acct-review-" + UUID.randomUUID();
        String requestId = "req-" + UUID.randomUUID();

        ContentScreening.Screening screening = wiring.contentScreening().screen(account, requestId, "a n@ked person", 1);

        assertThat(screening.allowed()).isFalse();
        JsonNode item = openItems().stream().filter(node -> node.get("account_id").asText().equals(account)).findFirst().orElseThrow();
        assertThat(item.get("kind").asText()).isEqualTo("blocked_prompt");
        assertThat(item.get("category").asText()).isEqualTo("sexual");
        assertThat(item.get("evidence").get(0).asText()).contains("n@ked");
        String resolve = "/v1/admin/reviews/" + item.get("id").asText() + "/resolve";
        assertThat(api.post(resolve, userKey, Map.of("outcome", "upheld")).status()).isEqualTo(403);
        assertThat(api.post(resolve, adminKey, Map.of("outcome", "upheld", "note", "clear case")).status()).isEqualTo(200);
        assertThat(api.post(resolve, adminKey, Map.of("outcome", "upheld")).status()).isEqualTo(409);
    }

    @Test
    void anAccountThatKeepsTrippingTheFilterIsFlaggedOnce() {
        String account = "acct-repeat-" + UUID.randomUUID();
        for (int i = 0; i < ContentScreening.REPEAT_THRESHOLD + 2; i++) {
            wiring.contentScreening().screen(account, "req-" + i, "a bloody decapitated body number " + i, i);
        }

        assertThat(openItems()).filteredOn(node -> node.get("account_id").asText().equals(account)
                && node.get("kind").asText().equals(Review.Kind.ACCOUNT_FLAG.name().toLowerCase())).hasSize(1);
    }

    @Test
    void anAllowedPromptAboutPeopleIsRevisedForDiversity() {
        ContentScreening.Screening screening = wiring.contentScreening().screen("acct-x", "req-d", "a portrait of a nurse", 3);

        assertThat(screening.allowed()).isTrue();
        assertThat(screening.revisedPrompt()).hasValueSatisfying(revised -> assertThat(revised).endsWith("nurse"));
    }

    @Test
    void anUploadShowingAPersonIsRefusedAndQueuedForReview() throws Exception {
        String account = "acct-upload-" + UUID.randomUUID();
        BufferedImage portrait = ImageIO.read(AtelierHome.locate().resolve("core/src/test/resources/images/astronaut.png").toFile());
        BufferedImage stillLife = ImageIO.read(AtelierHome.locate().resolve("core/src/test/resources/images/coffee.png").toFile());

        assertThat(wiring.contentScreening().screenUpload(account, "req-still", stillLife).allowed()).isTrue();
        assertThat(wiring.contentScreening().screenUpload(account, "req-face", portrait).allowed()).isFalse();

        assertThat(openItems()).filteredOn(node -> node.get("account_id").asText().equals(account)).singleElement()
                .satisfies(item -> {
                    assertThat(item.get("kind").asText()).isEqualTo("blocked_upload");
                    assertThat(item.get("category").asText()).isEqualTo(ContentScreening.REALISTIC_FACE);
                    assertThat(item.get("evidence").get(0).asText()).startsWith("face at ");
                });
    }

    @Test
    void aJobWithFlaggedOutputsIsQueuedOnceHoweverOftenItsOutcomeIsDelivered() {
        String account = "acct-output-" + UUID.randomUUID();

        wiring.contentScreening().recordFlaggedOutputs(account, "job_1", 2);
        wiring.contentScreening().recordFlaggedOutputs(account, "job_1", 2);

        assertThat(openItems()).filteredOn(node -> node.get("account_id").asText().equals(account)).singleElement()
                .satisfies(item -> {
                    assertThat(item.get("kind").asText()).isEqualTo("flagged_output");
                    assertThat(item.get("evidence").get(0).asText()).contains("job job_1: 2 image(s) flagged");
                });
    }

    private List<JsonNode> openItems() {
        List<JsonNode> items = new ArrayList<>();
        api.get("/v1/admin/reviews?status=open", adminKey).body().get("data").forEach(items::add);
        return items;
    }
}
