package com.atelier.billing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class PaymentEventParserTest {

    private final PaymentEventParser parser = new PaymentEventParser();

    private static String event(String type, String object) {
        return "{\"id\":\"evt_1\",\"type\":\"" + type + "\",\"data\":{\"object\":" + object + "}}";
    }

    private static String session(String paymentStatus, long amount, String metadata) {
        return "{\"id\":\"cs_1\",\"payment_intent\":\"pi_1\",\"payment_status\":\"" + paymentStatus
                + "\",\"amount_total\":" + amount + ",\"currency\":\"usd\",\"metadata\":" + metadata + "}";
    }

    private static final String META_2_PACKS = "{\"accountId\":\"acct-1\",\"packs\":\"2\"}";

    @Test
    void paidCheckoutBecomesPurchase() {
        Optional<PackPurchase> purchase =
                parser.parse(event("checkout.session.completed", session("paid", 3000, META_2_PACKS)));
        assertThat(purchase).contains(new PackPurchase("pi_1", "acct-1", 2));
        assertThat(purchase.get().credits()).isEqualTo(230);
    }

    @Test
    void paidCheckoutWithoutPaymentIntentFallsBackToSessionId() {
        String object = "{\"id\":\"cs_1\",\"payment_intent\":null,\"payment_status\":\"paid\","
                + "\"amount_total\":1500,\"currency\":\"usd\","
                + "\"metadata\":{\"accountId\":\"acct-1\",\"packs\":\"1\"}}";
        assertThat(parser.parse(event("checkout.session.completed", object)))
                .contains(new PackPurchase("cs_1", "acct-1", 1));
    }

    @Test
    void otherEventTypeIsIgnored() {
        assertThat(parser.parse(event("payment_intent.created", "{\"id\":\"pi_1\"}"))).isEmpty();
    }

    @Test
    void unpaidCheckoutIsIgnored() {
        assertThat(parser.parse(event("checkout.session.completed", session("unpaid", 3000, META_2_PACKS))))
                .isEmpty();
    }

    @Test
    void amountNotMatchingPacksIsRejected() {
        assertThatThrownBy(
                        () -> parser.parse(event("checkout.session.completed", session("paid", 1500, META_2_PACKS))))
                .isInstanceOf(WebhookPayloadException.class)
                .hasMessageContaining("amount_total");
    }

    @Test
    void nonUsdCurrencyIsRejected() {
        String object = session("paid", 3000, META_2_PACKS).replace("\"usd\"", "\"eur\"");
        assertThatThrownBy(() -> parser.parse(event("checkout.session.completed", object)))
                .isInstanceOf(WebhookPayloadException.class)
                .hasMessageContaining("currency");
    }

    @Test
    void missingMetadataIsRejected() {
        String object = "{\"id\":\"cs_1\",\"payment_intent\":\"pi_1\",\"payment_status\":\"paid\","
                + "\"amount_total\":3000,\"currency\":\"usd\"}";
        assertThatThrownBy(() -> parser.parse(event("checkout.session.completed", object)))
                .isInstanceOf(WebhookPayloadException.class)
                .hasMessageContaining("metadata");
    }

    @Test
    void missingAccountIdOrPacksIsRejected() {
        assertThatThrownBy(
                        () -> parser.parse(event("checkout.session.completed",
                                session("paid", 3000, "{\"packs\":\"2\"}"))))
                .isInstanceOf(WebhookPayloadException.class)
                .hasMessageContaining("accountId");
        assertThatThrownBy(
                        () -> parser.parse(event("checkout.session.completed",
                                session("paid", 3000, "{\"accountId\":\"acct-1\"}"))))
                .isInstanceOf(WebhookPayloadException.class)
                .hasMessageContaining("packs");
    }

    @Test
    void nonNumericOrOutOfRangePacksIsRejected() {
        for (String packs : new String[] {"two", "-1", "0", "101", "1.5", ""}) {
            String meta = "{\"accountId\":\"acct-1\",\"packs\":\"" + packs + "\"}";
            assertThatThrownBy(
                            () -> parser.parse(event("checkout.session.completed", session("paid", 3000, meta))))
                    .as(packs)
                    .isInstanceOf(WebhookPayloadException.class)
                    .hasMessageContaining("packs");
        }
    }

    @Test
    void malformedJsonIsRejected() {
        assertThatThrownBy(() -> parser.parse("{not json"))
                .isInstanceOf(WebhookPayloadException.class)
                .hasMessageContaining("JSON");
        assertThatThrownBy(() -> parser.parse("[1,2]"))
                .isInstanceOf(WebhookPayloadException.class);
        assertThatThrownBy(() -> parser.parse(""))
                .isInstanceOf(WebhookPayloadException.class);
    }

    @Test
    void packPurchaseValidatesItsFields() {
        assertThatThrownBy(() -> new PackPurchase(" ", "acct-1", 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PackPurchase("pi_1", null, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PackPurchase("pi_1", "acct-1", 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PackPurchase("pi_1", "acct-1", 101))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new PackPurchase("pi_1", "acct-1", 100).credits()).isEqualTo(11_500);
    }
}
