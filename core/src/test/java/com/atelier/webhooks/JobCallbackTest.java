package com.atelier.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atelier.events.EventType;
import java.net.InetAddress;
import java.net.URI;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JobCallbackTest {

    private static final URI URL = URI.create("https://hooks.example.com/atelier");
    private static final ReceiverAddresses PUBLIC = new ReceiverAddresses(false,
            host -> List.of(InetAddress.getByName("93.184.216.34")));

    private static Set<EventType> wanted(JobCallback callback) {
        return Arrays.stream(EventType.values()).filter(callback::wants).collect(Collectors.toSet());
    }

    private static JobCallback filtered(String... moments) {
        return JobCallback.checked(URL, Optional.of(List.of(moments)), PUBLIC);
    }

    @Test
    void startIsTheJobStartingOnAWorker() {
        assertThat(wanted(filtered("start"))).containsExactly(EventType.JOB_STARTED);
    }

    @Test
    void outputIsTheJobSucceedingForItsImagesAreMadeAtOnce() {
        assertThat(wanted(filtered("output"))).containsExactly(EventType.JOB_SUCCEEDED);
    }

    @Test
    void completedIsEveryFinalStatus() {
        assertThat(wanted(filtered("completed"))).containsExactlyInAnyOrder(EventType.JOB_SUCCEEDED, EventType.JOB_FAILED,
                EventType.JOB_CANCELLED, EventType.JOB_REJECTED);
    }

    @Test
    void noFilterIsEveryMomentButNeverTheQueuedJobTheCallerWasAnswered() {
        JobCallback callback = JobCallback.checked(URL, Optional.empty(), PUBLIC);

        assertThat(callback.moments()).isEqualTo(EnumSet.allOf(JobCallback.Moment.class));
        assertThat(wanted(callback)).containsExactlyInAnyOrder(EventType.JOB_STARTED, EventType.JOB_SUCCEEDED,
                EventType.JOB_FAILED, EventType.JOB_CANCELLED, EventType.JOB_REJECTED);
    }

    @Test
    void logsIsRefusedForNoLogLineWouldEverCome() {
        assertThatThrownBy(() -> filtered("start", "logs")).isInstanceOf(InvalidWebhookException.class)
                .hasMessageContaining("'logs' is not offered")
                .extracting(refused -> ((InvalidWebhookException) refused).field()).isEqualTo("webhook_events_filter");
    }

    @Test
    void anUnknownOrEmptyFilterIsRefused() {
        assertThatThrownBy(() -> filtered("finished")).isInstanceOf(InvalidWebhookException.class)
                .hasMessageContaining("unknown value");
        assertThatThrownBy(() -> filtered()).isInstanceOf(InvalidWebhookException.class)
                .hasMessageContaining("at least one");
    }

    @Test
    void aReceiverThatIsNotPublicIsRefusedAsTheWebhookField() {
        ReceiverAddresses metadata = new ReceiverAddresses(false, host -> List.of(InetAddress.getByName("169.254.169.254")));

        assertThatThrownBy(() -> JobCallback.checked(URL, Optional.empty(), metadata))
                .isInstanceOf(InvalidWebhookException.class).hasMessageContaining("not public")
                .extracting(refused -> ((InvalidWebhookException) refused).field()).isEqualTo("webhook");
        assertThatThrownBy(() -> JobCallback.checked(URI.create("http://hooks.example.com/in"), Optional.empty(), PUBLIC))
                .isInstanceOf(InvalidWebhookException.class).hasMessageContaining("https");
    }

    @Test
    void theMomentsReadBackFromTheirStoredText() {
        JobCallback callback = filtered("completed", "start");

        assertThat(callback.momentsText()).isEqualTo("start,completed");
        assertThat(JobCallback.momentsOf(callback.momentsText())).isEqualTo(callback.moments());
    }
}
