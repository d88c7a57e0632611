package com.atelier.billing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class WebhookSignatureVerifierTest {

    private static final byte[] SECRET = "whsec_test_secret".getBytes(StandardCharsets.UTF_8);
    private static final long NOW = 1_750_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);
    private static final byte[] BODY =
            "{\"id\":\"evt_1\",\"type\":\"checkout.session.completed\"}".getBytes(StandardCharsets.UTF_8);

    private final WebhookSignatureVerifier verifier =
            new WebhookSignatureVerifier(SECRET, Duration.ofMinutes(5), CLOCK);

    private static String v1Of(String header) {
        return header.substring(header.indexOf("v1=") + 3);
    }

    @Test
    void validSignatureIsAccepted() {
        String header = WebhookSignatureVerifier.sign(SECRET, NOW, BODY);
        assertThatCode(() -> verifier.verify(header, BODY)).doesNotThrowAnyException();
    }

    @Test
    void signatureWithinToleranceIsAccepted() {
        String header = WebhookSignatureVerifier.sign(SECRET, NOW - 299, BODY);
        assertThatCode(() -> verifier.verify(header, BODY)).doesNotThrowAnyException();
    }

    @Test
    void headerHasStripeFormatWithLowercaseHex() {
        String header = WebhookSignatureVerifier.sign(SECRET, NOW, BODY);
        org.assertj.core.api.Assertions.assertThat(header).matches("t=" + NOW + ",v1=[0-9a-f]{64}");
    }

    @Test
    void badSignatureIsRejected() {
        String header = "t=" + NOW + ",v1=" + "0".repeat(64);
        assertThatThrownBy(() -> verifier.verify(header, BODY))
                .isInstanceOf(WebhookSignatureException.class)
                .hasMessageContaining("no v1 signature matches");
    }

    @Test
    void bodyAlteredByOneByteIsRejected() {
        String header = WebhookSignatureVerifier.sign(SECRET, NOW, BODY);
        byte[] altered = BODY.clone();
        altered[5] ^= 1;
        assertThatThrownBy(() -> verifier.verify(header, altered))
                .isInstanceOf(WebhookSignatureException.class)
                .hasMessageContaining("no v1 signature matches");
    }

    @Test
    void signatureMadeWithWrongSecretIsRejected() {
        byte[] other = "whsec_other".getBytes(StandardCharsets.UTF_8);
        String header = WebhookSignatureVerifier.sign(other, NOW, BODY);
        assertThatThrownBy(() -> verifier.verify(header, BODY))
                .isInstanceOf(WebhookSignatureException.class)
                .hasMessageContaining("no v1 signature matches");
    }

    @Test
    void timestampSixMinutesOldIsRejected() {
        String header = WebhookSignatureVerifier.sign(SECRET, NOW - 360, BODY);
        assertThatThrownBy(() -> verifier.verify(header, BODY))
                .isInstanceOf(WebhookSignatureException.class)
                .hasMessageContaining("older than");
    }

    @Test
    void timestampInTheFutureBeyondToleranceIsRejected() {
        String header = WebhookSignatureVerifier.sign(SECRET, NOW + 360, BODY);
        assertThatThrownBy(() -> verifier.verify(header, BODY))
                .isInstanceOf(WebhookSignatureException.class)
                .hasMessageContaining("future");
    }

    @Test
    void timestampTamperedAfterSigningIsRejected() {
        String sig = v1Of(WebhookSignatureVerifier.sign(SECRET, NOW - 10, BODY));
        String header = "t=" + NOW + ",v1=" + sig;
        assertThatThrownBy(() -> verifier.verify(header, BODY))
                .isInstanceOf(WebhookSignatureException.class)
                .hasMessageContaining("no v1 signature matches");
    }

    @Test
    void missingHeaderIsRejected() {
        assertThatThrownBy(() -> verifier.verify(null, BODY))
                .isInstanceOf(WebhookSignatureException.class)
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> verifier.verify("  ", BODY))
                .isInstanceOf(WebhookSignatureException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void malformedHeaderIsRejected() {
        String sig = v1Of(WebhookSignatureVerifier.sign(SECRET, NOW, BODY));
        for (String header :
                new String[] {
                    "garbage",
                    "v1=" + sig,
                    "t=abc,v1=" + sig,
                    "t=-5,v1=" + sig,
                    "t=" + NOW + ",v1=" + sig + ",junk",
                    "t=" + NOW + ",t=" + NOW + ",v1=" + sig
                }) {
            assertThatThrownBy(() -> verifier.verify(header, BODY))
                    .as(header)
                    .isInstanceOf(WebhookSignatureException.class)
                    .hasMessageContaining("malformed");
        }
    }

    @Test
    void headerWithoutV1IsRejectedEvenIfV0Matches() {
        String sig = v1Of(WebhookSignatureVerifier.sign(SECRET, NOW, BODY));
        assertThatThrownBy(() -> verifier.verify("t=" + NOW + ",v0=" + sig, BODY))
                .isInstanceOf(WebhookSignatureException.class)
                .hasMessageContaining("no v1");
    }

    @Test
    void duringRotationASecondMatchingV1IsAccepted() {
        byte[] oldSecret = "whsec_old".getBytes(StandardCharsets.UTF_8);
        String oldSig = v1Of(WebhookSignatureVerifier.sign(oldSecret, NOW, BODY));
        String newSig = v1Of(WebhookSignatureVerifier.sign(SECRET, NOW, BODY));
        String header = "t=" + NOW + ",v1=" + oldSig + ",v1=" + newSig + ",v0=deadbeef";
        assertThatCode(() -> verifier.verify(header, BODY)).doesNotThrowAnyException();
    }

    @Test
    void rejectionMessagesNeverContainTheSecretOrExpectedSignature() {
        String expected = v1Of(WebhookSignatureVerifier.sign(SECRET, NOW, BODY));
        String header = "t=" + NOW + ",v1=" + "1".repeat(64);
        assertThatThrownBy(() -> verifier.verify(header, BODY))
                .isInstanceOf(WebhookSignatureException.class)
                .message()
                .doesNotContain(expected)
                .doesNotContain(new String(SECRET, StandardCharsets.UTF_8));
    }

    @Property(tries = 200)
    void anySignedBodyVerifiesAndAnySingleByteChangeFails(
            @ForAll @Size(min = 1, max = 512) byte[] body,
            @ForAll @IntRange(min = 0, max = 100_000) int position,
            @ForAll @IntRange(min = 1, max = 255) int xorMask) {
        String header = WebhookSignatureVerifier.sign(SECRET, NOW, body);
        assertThatCode(() -> verifier.verify(header, body)).doesNotThrowAnyException();

        byte[] altered = body.clone();
        altered[position % altered.length] ^= (byte) xorMask;
        assertThatThrownBy(() -> verifier.verify(header, altered))
                .isInstanceOf(WebhookSignatureException.class);
    }
}
