package com.atelier.functions.billing;

import com.atelier.functions.wiring.Wiring;
import com.atelier.accounts.CreditService;
import com.atelier.config.AtelierConfig;
import java.time.Clock;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.api.ApiFunction;
import com.atelier.billing.PackPurchase;
import com.atelier.billing.PaymentEventParser;
import com.atelier.billing.WebhookSignatureVerifier;
import com.atelier.credits.UnknownAccountException;
import com.atelier.functions.http.ApiError;
import com.atelier.functions.http.ApiHandler;
import com.atelier.functions.http.ApiRequest;
import com.atelier.functions.http.ApiResponses;
import com.atelier.functions.http.Identifier;
import com.atelier.functions.http.SnapStartPriming;

import com.atelier.logging.JsonLog;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@code POST /v1/billing/webhook}: the payment provider's notice of a paid checkout. Authenticated
 * by its signature, not by an API key; each payment adds its packs once, however often it is sent.
 */
public final class BillingWebhookHandler extends ApiHandler {

    private final Services services;
    private final Optional<WebhookSignatureVerifier> verifier;
    private final PaymentEventParser parser = new PaymentEventParser(ApiRequest.JSON_BODIES);

    /** What this function uses, and nothing else: its composition root is {@link #wire}. */
    public record Services(CreditService credits, AtelierConfig config, Clock clock) {
        public static Services wire(Wiring wiring) {
            return new Services(wiring.credits(),
                    wiring.config(),
                    wiring.clock());
        }
    }

    public BillingWebhookHandler() {
        this(Wiring.fromEnvironment());
    }

    private BillingWebhookHandler(Wiring wiring) {
        this(Services.wire(wiring));
        SnapStartPriming.register(this, ApiFunction.BILLING_WEBHOOK, wiring);
    }

    public BillingWebhookHandler(Services services) {
        this.services = services;
        this.verifier = services.config().billingWebhookSecret().map(secret -> new WebhookSignatureVerifier(
                secret.getBytes(StandardCharsets.UTF_8), WebhookSignatureVerifier.DEFAULT_TOLERANCE, services.clock()));
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        WebhookSignatureVerifier signatures = verifier.orElseThrow(() ->
                ApiError.unavailable("Billing is not configured on this deployment."));
        signatures.verify(request.header("stripe-signature").orElse(null), request.body());
        Optional<PackPurchase> purchase = parser.parse(request.body());
        purchase.ifPresent(BillingWebhookHandler::checkIds);
        boolean credited = false;
        if (purchase.isPresent()) {
            try {
                credited = services.credits().purchase(purchase.get());
            } catch (UnknownAccountException e) {
                throw ApiError.invalidRequest("metadata.accountId", e.getMessage() + ".");
            }
            JsonLog.info("pack_purchase", JsonLog.fields().put("requestId", request.requestId())
                    .put("paymentId", purchase.get().paymentId())
                    .put("accountId", purchase.get().accountId())
                    .put("credits", purchase.get().credits())
                    .put("replay", !credited));
        }
        return ApiResponses.json(200, ApiResponses.JSON.createObjectNode().put("received", true).put("credited", credited));
    }

    /** Even a signed notice names nothing that could not be a key here. */
    private static void checkIds(PackPurchase purchase) {
        Identifier.PAYMENT_ID.parse("payment_intent", purchase.paymentId());
        Identifier.ID.parse("metadata.accountId", purchase.accountId());
    }
}
