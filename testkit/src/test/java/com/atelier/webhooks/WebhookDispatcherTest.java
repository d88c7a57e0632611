package com.atelier.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.events.ChangeEvents;
import com.atelier.events.Event;
import com.atelier.events.EventType;
import com.atelier.testkit.MutableClock;
import com.atelier.testkit.events.EventSchemas;
import com.atelier.testkit.webhooks.InMemoryDeliveryQueue;
import com.atelier.testkit.webhooks.InMemoryWebhookDeliveries;
import com.atelier.testkit.webhooks.InMemoryWebhookEndpoints;
import com.standardwebhooks.Webhook;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WebhookDispatcherTest {

    /** Answers with the scripted status codes in turn, then 200; keeps every request. */
    private static final class ScriptedReceiver implements WebhookSender {
        record Received(URI url, Map<String, String> headers, String body) {
        }

        final Deque<Integer> answers = new ArrayDeque<>();
        final List<Received> received = new ArrayList<>();

        @Override
        public DeliveryAttempt post(URI url, Map<String, String> headers, String body) {
            received.add(new Received(url, headers, body));
            int status = answers.isEmpty() ? 200 : answers.poll();
            return new DeliveryAttempt(Instant.EPOCH, Optional.of(status), 3, Optional.empty());
        }
    }

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final InMemoryWebhookEndpoints endpoints = new InMemoryWebhookEndpoints();
    private final InMemoryWebhookDeliveries deliveries = new InMemoryWebhookDeliveries();
    private final InMemoryDeliveryQueue queue = new InMemoryDeliveryQueue();
    private final ScriptedReceiver receiver = new ScriptedReceiver();
    private final WebhookFanOut fanOut = new WebhookFanOut(endpoints, deliveries, queue, clock);
    private final Webhooks webhooks = new Webhooks(endpoints, deliveries, queue, fanOut,
            new ReceiverAddresses(false, host -> List.of(InetAddress.getByName("93.184.216.34"))), clock);
    private final WebhookDispatcher dispatcher = new WebhookDispatcher(endpoints, deliveries, queue, receiver, fanOut,
            new WebhookSettings(RetrySchedule.STANDARD, false, Duration.ofDays(5)), clock, new SplittableRandom(7));

    private static Event succeeded(String accountId, String jobId) {
        return ChangeEvents.ofJobChange(Map.of("status", "RUNNING"), Map.of("jobId", jobId, "accountId", accountId,
                "kind", "GENERATION", "status", "SUCCEEDED", "images", "1", "credits", "1",
                "updatedAt", "2026-11-25T10:00:00Z")).orElseThrow();
    }

    /** Hands every message that is due to the dispatcher, moving the clock on to each one's time. */
    private void runQueue() {
        for (Optional<InMemoryDeliveryQueue.Sent> sent = queue.take(); sent.isPresent(); sent = queue.take()) {
            clock.advance(sent.get().delay());
            dispatcher.handle(sent.get().message());
        }
    }

    /**
     * What the reference library's verify checks, less the timestamp's five-minute tolerance of the
     * wall clock, which this test's clock is not: its signature is among the header's.
     */
    private static void assertVerifies(String secret, ScriptedReceiver.Received request) throws Exception {
        String expected = new Webhook(secret).sign(request.headers().get("webhook-id"),
                Long.parseLong(request.headers().get("webhook-timestamp")), request.body());
        assertThat(request.headers().get("webhook-signature").split(" ")).contains(expected);
    }

    @Test
    void aReceiverThatFailsTwiceGetsTheSameWebhookIdThreeTimesAndTheLogShowsThreeAttempts() throws Exception {
        WebhookEndpoint endpoint = webhooks.register("acct_a", URI.create("https://hooks.example.com/in"), Set.of(), "all");
        receiver.answers.addAll(List.of(500, 503));

        List<String> made = fanOut.publish(succeeded("acct_a", "job_1"));
        Instant published = clock.instant();
        runQueue();

        assertThat(receiver.received).hasSize(3);
        assertThat(receiver.received).extracting(request -> request.headers().get("webhook-id")).containsOnly(made.get(0));
        for (ScriptedReceiver.Received request : receiver.received) {
            assertVerifies(endpoint.secret(), request);
        }
        receiver.received.forEach(request -> EventSchemas.assertValid(request.body()));
        WebhookDelivery delivery = webhooks.deliveries("acct_a", endpoint.endpointId(), 10).get(0);
        assertThat(delivery.status()).isEqualTo(WebhookDelivery.Status.DELIVERED);
        assertThat(delivery.attempts()).extracting(attempt -> attempt.statusCode().orElseThrow()).containsExactly(500, 503, 200);
        // 5 s then 5 min, each ±20 %.
        assertThat(Duration.between(published, clock.instant())).isBetween(Duration.ofSeconds(244), Duration.ofSeconds(366));
        assertThat(endpoints.find(endpoint.endpointId()).orElseThrow().failingSince()).isEmpty();
    }

    @Test
    void waitsLongerThanTheQueuesLimitAreChainedAndADeliveryEndsFailedAfterTheLastAttempt() {
        webhooks.register("acct_a", URI.create("https://hooks.example.com/in"), Set.of(), "down");
        receiver.answers.addAll(List.of(500, 500, 500, 500, 500, 500, 500, 500));
        Instant published = clock.instant();

        fanOut.publish(succeeded("acct_a", "job_1"));
        runQueue();

        assertThat(receiver.received).hasSize(RetrySchedule.STANDARD.maxAttempts());
        assertThat(queue.sent()).allSatisfy(sent -> assertThat(sent.delay()).isLessThanOrEqualTo(DeliveryQueue.MAX_DELAY));
        assertThat(Duration.between(published, clock.instant())).isBetween(Duration.ofHours(22), Duration.ofHours(33));
        assertThat(deliveries.listByEndpoint(endpoints.listByAccount("acct_a", 1).get(0).endpointId(), 1).get(0).status())
                .isEqualTo(WebhookDelivery.Status.FAILED);
    }

    @Test
    void goneDisablesTheEndpointWithItsReasonAndTellsTheAccountsOtherEndpoints() {
        WebhookEndpoint gone = webhooks.register("acct_a", URI.create("https://old.example.com/in"),
                Set.of(EventType.JOB_SUCCEEDED), "old");
        webhooks.register("acct_a", URI.create("https://new.example.com/in"), Set.of(EventType.WEBHOOK_ENDPOINT_DISABLED), "ops");
        receiver.answers.add(410);

        fanOut.publish(succeeded("acct_a", "job_1"));
        runQueue();

        WebhookEndpoint disabled = webhooks.get("acct_a", gone.endpointId());
        assertThat(disabled.status()).isEqualTo(WebhookEndpoint.Status.DISABLED);
        assertThat(disabled.disabledReason().orElseThrow()).contains("410");
        assertThat(receiver.received).hasSize(2);
        assertThat(receiver.received.get(1).url()).isEqualTo(URI.create("https://new.example.com/in"));
        assertThat(receiver.received.get(1).body()).contains("\"type\":\"webhook_endpoint.disabled\"");
        EventSchemas.assertValid(receiver.received.get(1).body());
    }

    @Test
    void anEndpointFailingForDaysIsDisabled() {
        WebhookEndpoint endpoint = webhooks.register("acct_a", URI.create("https://hooks.example.com/in"), Set.of(), "down");
        for (int day = 0; day < 7; day++) {
            receiver.answers.addAll(List.of(500, 500, 500, 500, 500, 500, 500, 500));
            fanOut.publish(succeeded("acct_a", "job_" + day));
            runQueue();
            clock.advance(Duration.ofHours(1));
        }

        WebhookEndpoint disabled = webhooks.get("acct_a", endpoint.endpointId());
        assertThat(disabled.status()).isEqualTo(WebhookEndpoint.Status.DISABLED);
        assertThat(disabled.disabledReason().orElseThrow()).startsWith("Every delivery attempt has failed since");
    }

    @Test
    void duringARotationBothSecretsSignAndAfterItOnlyTheNewOne() throws Exception {
        WebhookEndpoint endpoint = webhooks.register("acct_a", URI.create("https://hooks.example.com/in"), Set.of(), "all");
        WebhookEndpoint rotated = webhooks.rotateSecret("acct_a", endpoint.endpointId());

        fanOut.publish(succeeded("acct_a", "job_1"));
        runQueue();
        clock.advance(Webhooks.SECRET_OVERLAP);
        fanOut.publish(succeeded("acct_a", "job_2"));
        runQueue();

        assertVerifies(endpoint.secret(), receiver.received.get(0));
        assertVerifies(rotated.secret(), receiver.received.get(0));
        assertThat(receiver.received.get(1).headers().get("webhook-signature").split(" ")).hasSize(1);
        assertVerifies(rotated.secret(), receiver.received.get(1));
    }

    @Test
    void anEndpointGetsOnlyTheTypesItAsksForAndAReplayedEventIsNotDeliveredTwice() {
        webhooks.register("acct_a", URI.create("https://failures.example.com/in"), Set.of(EventType.JOB_FAILED), "failures");
        webhooks.register("acct_b", URI.create("https://other.example.com/in"), Set.of(), "another account");
        WebhookEndpoint all = webhooks.register("acct_a", URI.create("https://all.example.com/in"), Set.of(), "all");

        fanOut.publish(succeeded("acct_a", "job_1"));
        fanOut.publish(succeeded("acct_a", "job_1"));
        runQueue();

        assertThat(receiver.received).extracting(ScriptedReceiver.Received::url).containsExactly(all.url());
    }

    @Test
    void aManualRetryMakesOneMoreAttemptWithTheSameWebhookId() {
        WebhookEndpoint endpoint = webhooks.register("acct_a", URI.create("https://hooks.example.com/in"), Set.of(), "all");
        String deliveryId = fanOut.publish(succeeded("acct_a", "job_1")).get(0);
        runQueue();

        webhooks.retry("acct_a", endpoint.endpointId(), deliveryId);
        runQueue();

        assertThat(receiver.received).extracting(request -> request.headers().get("webhook-id")).containsExactly(deliveryId, deliveryId);
        assertThat(deliveries.find(deliveryId).orElseThrow().attempts()).hasSize(2);
    }

    private static Event started(String accountId, String jobId) {
        return ChangeEvents.ofJobChange(Map.of("status", "QUEUED"), Map.of("jobId", jobId, "accountId", accountId,
                "kind", "GENERATION", "status", "RUNNING", "images", "1", "credits", "1",
                "updatedAt", "2026-11-25T09:59:00Z")).orElseThrow();
    }

    @Test
    void aJobsCallbackGetsTheMomentsItWantsSignedWithTheAccountsDefaultSecretAndLoggedUnderTheJob() throws Exception {
        URI url = URI.create("https://hooks.example.com/job_1");
        JobCallback callback = new JobCallback(url, Set.of(JobCallback.Moment.COMPLETED));
        webhooks.register("acct_a", URI.create("https://hooks.example.com/all"), Set.of(), "all");

        assertThat(fanOut.callBack(started("acct_a", "job_1"), "job_1", callback)).isEmpty();
        Optional<String> made = fanOut.callBack(succeeded("acct_a", "job_1"), "job_1", callback);
        assertThat(fanOut.callBack(succeeded("acct_a", "job_1"), "job_1", callback)).isEqualTo(made);
        runQueue();

        assertThat(receiver.received).hasSize(1);
        ScriptedReceiver.Received request = receiver.received.get(0);
        assertThat(request.url()).isEqualTo(url);
        assertThat(request.headers().get("webhook-id")).isEqualTo(made.orElseThrow());
        assertVerifies(webhooks.defaultSecret("acct_a"), request);
        EventSchemas.assertValid(request.body());
        assertThat(webhooks.callbackDeliveries("acct_a", "job_1", 10)).extracting(WebhookDelivery::status)
                .containsExactly(WebhookDelivery.Status.DELIVERED);
        assertThat(webhooks.callbackDeliveries("acct_b", "job_1", 10)).isEmpty();
    }

    @Test
    void aFailingCallbackIsRetriedOnTheScheduleAndNeverDisablesAnEndpoint() {
        WebhookEndpoint endpoint = webhooks.register("acct_a", URI.create("https://hooks.example.com/all"),
                Set.of(EventType.JOB_STARTED), "starts only");
        receiver.answers.addAll(List.of(500, 500, 500, 500, 500, 500, 500, 500));

        String deliveryId = fanOut.callBack(succeeded("acct_a", "job_2"), "job_2",
                new JobCallback(URI.create("https://down.example.com/in"), Set.of(JobCallback.Moment.OUTPUT))).orElseThrow();
        runQueue();

        WebhookDelivery delivery = deliveries.find(deliveryId).orElseThrow();
        assertThat(delivery.attempts()).hasSize(RetrySchedule.STANDARD.maxAttempts());
        assertThat(delivery.status()).isEqualTo(WebhookDelivery.Status.FAILED);
        assertThat(endpoints.find(endpoint.endpointId()).orElseThrow().status()).isEqualTo(WebhookEndpoint.Status.ENABLED);
    }
}
