package com.atelier.local.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.api.ApiFunction;
import com.atelier.config.AtelierConfig;
import com.atelier.functions.wiring.AwsAdapters;
import com.atelier.functions.wiring.Wiring;
import com.atelier.functions.accounts.AccountsHandler;
import com.atelier.functions.billing.BillingWebhookHandler;
import com.atelier.functions.credits.CreditsHandler;
import com.atelier.functions.grants.GrantApplicationsHandler;
import com.atelier.functions.http.ApiHandler;
import com.atelier.functions.http.SnapStartPriming;
import com.atelier.functions.images.ImagesHandler;
import com.atelier.functions.images.JobsHandler;
import com.atelier.functions.moderation.ModerationHandler;
import com.atelier.local.LocalStack;
import com.atelier.local.iam.CallingPrincipal;
import com.atelier.functions.usage.UsageHandler;
import com.atelier.functions.webhooks.WebhooksHandler;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.resources.TableDefinition;
import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** SnapStart priming runs every API function's request path and clients against real servers and changes nothing. */
@ExtendWith(LocalStackExtension.class)
class SnapStartPrimingIT {

    private static final Map<ApiFunction, Function<Wiring, ApiHandler>> HANDLERS = Map.of(
            ApiFunction.ACCOUNTS, wiring -> new AccountsHandler(AccountsHandler.Services.wire(wiring)),
            ApiFunction.BILLING_WEBHOOK, wiring -> new BillingWebhookHandler(BillingWebhookHandler.Services.wire(wiring)),
            ApiFunction.CREDITS, wiring -> new CreditsHandler(CreditsHandler.Services.wire(wiring)),
            ApiFunction.GRANT_APPLICATIONS, wiring -> new GrantApplicationsHandler(GrantApplicationsHandler.Services.wire(wiring)),
            ApiFunction.IMAGES, wiring -> new ImagesHandler(ImagesHandler.Services.wire(wiring)),
            ApiFunction.JOBS, wiring -> new JobsHandler(JobsHandler.Services.wire(wiring)),
            ApiFunction.MODERATION, wiring -> new ModerationHandler(ModerationHandler.Services.wire(wiring)),
            ApiFunction.USAGE, wiring -> new UsageHandler(UsageHandler.Services.wire(wiring)),
            ApiFunction.WEBHOOKS, wiring -> new WebhooksHandler(WebhooksHandler.Services.wire(wiring)));

    @Test
    void primingEveryFunctionLeavesEveryTableAndTheQueueAsTheyWere(LocalStack stack) {
        AtelierConfig config = AtelierConfig.fromEnvironment();
        Map<String, Integer> before = itemCounts(stack);
        String queuedBefore = queuedMessages(stack);

        // Each function in its own process on Lambda: its own composition root (nothing cached by another
        // function's priming, such as the queue's URL), its calls charged to its own role for the
        // least-privilege check in tests/.
        HANDLERS.forEach((function, handler) -> CallingPrincipal.runAs(config.resourcePrefix() + function.shortName(), () -> {
            Wiring wiring = new Wiring(config, new AwsAdapters(config, stack.clients()), Clock.systemUTC());
            new SnapStartPriming(handler.apply(wiring), function, wiring).prime();
        }));

        assertThat(itemCounts(stack)).isEqualTo(before);
        assertThat(queuedMessages(stack)).isEqualTo(queuedBefore);
    }

    @Test
    void everyApiFunctionWithAHandlerHereIsPrimed() {
        assertThat(HANDLERS.keySet()).containsExactlyInAnyOrder(
                Arrays.stream(ApiFunction.values()).filter(f -> f != ApiFunction.HEALTH && f != ApiFunction.API_DESCRIPTION).toArray(ApiFunction[]::new));
    }

    private static Map<String, Integer> itemCounts(LocalStack stack) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (TableDefinition table : stack.resources().tables()) {
            counts.put(table.name(), stack.clients().dynamoDb()
                    .scan(request -> request.tableName(table.name()).select(Select.COUNT)).count());
        }
        return counts;
    }

    private static String queuedMessages(LocalStack stack) {
        String url = stack.clients().sqs().getQueueUrl(request -> request.queueName(stack.resources().jobsQueue().name())).queueUrl();
        return stack.clients().sqs().getQueueAttributes(request -> request.queueUrl(url)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
    }
}
