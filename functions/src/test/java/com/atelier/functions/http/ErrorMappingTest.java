package com.atelier.functions.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.auth.AccountSuspendedException;
import com.atelier.auth.AdminOnlyException;
import com.atelier.auth.InvalidApiKeyException;
import com.atelier.auth.InvalidTokenException;
import com.atelier.auth.MissingCredentialsException;
import com.atelier.billing.WebhookPayloadException;
import com.atelier.billing.WebhookSignatureException;
import com.atelier.grants.AlreadyDecidedException;
import com.atelier.grants.GrantApplicationNotFoundException;
import com.atelier.grants.InvalidGrantApplicationException;
import com.atelier.images.UploadedImage;
import com.atelier.paging.PageCursor;
import com.atelier.review.AlreadyResolvedException;
import com.atelier.review.ReviewItemNotFoundException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each refusal of the domain is answered with its one status and OpenAI code; see also {@link ApiHandlerTest}. */
class ErrorMappingTest {

    static Stream<Arguments> refusals() {
        return Stream.of(
                Arguments.of(new MissingCredentialsException(), 401, "missing_api_key", null),
                Arguments.of(ApiCallTimeoutException.create(6_000), 503, "service_unavailable", null),
                Arguments.of(AbortedException.builder().message("interrupted at the function's timeout").build(),
                        503, "service_unavailable", null),
                Arguments.of(AwsServiceException.builder().statusCode(400).awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode("ProvisionedThroughputExceededException").build()).build(), 503, "service_unavailable", null),
                Arguments.of(new InvalidApiKeyException("sk-****abcd"), 401, "invalid_api_key", null),
                Arguments.of(new InvalidTokenException(), 401, "invalid_token", null),
                Arguments.of(new AccountSuspendedException("acct"), 403, "account_suspended", null),
                Arguments.of(new AdminOnlyException("acct"), 403, "insufficient_permissions", null),
                Arguments.of(new InvalidGrantApplicationException("statement", "Too short."), 400, "invalid_value", "statement"),
                Arguments.of(new GrantApplicationNotFoundException("grantapp_1"), 404, "not_found", null),
                Arguments.of(new AlreadyDecidedException("This application was already approved."), 409, "conflict", null),
                Arguments.of(new ReviewItemNotFoundException("rev_1"), 404, "not_found", null),
                Arguments.of(new AlreadyResolvedException("This review item was already resolved."), 409, "conflict", null),
                Arguments.of(new PageCursor.InvalidCursorException(), 400, "invalid_value", "after"),
                Arguments.of(new UploadedImage.InvalidUploadException("mask", "'mask' is empty."), 400, "invalid_value", "mask"),
                Arguments.of(new WebhookSignatureException("no signature"), 400, "invalid_signature", null),
                Arguments.of(new WebhookPayloadException("not an event"), 400, "invalid_value", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aDomainRefusalIsAnsweredWithItsStatusCodeAndParameter(RuntimeException refusal, int status, String code,
                                                                String param) throws Exception {
        APIGatewayV2HTTPResponse response = ErrorMapping.answer(refusal, "req-1");
        JsonNode error = new ObjectMapper().readTree(response.getBody()).get("error");

        assertThat(response.getStatusCode()).isEqualTo(status);
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("param").isNull() ? null : error.get("param").asText()).isEqualTo(param);
        assertThat(error.get("message").asText()).isNotBlank().doesNotContain("Exception");
    }

    @Test
    void aWrongKeyIsShownOnlyAsMuchAsItsOwnerNeedsToRecogniseIt() {
        ApiError error = ErrorMapping.toApiError(new InvalidApiKeyException("sk-****abcd"), "req-1");

        assertThat(error.getMessage()).isEqualTo("Incorrect API key provided: sk-****abcd.");
    }

    @Test
    void theNamesOfWhatWasNotFoundAreTheApisOwn() {
        assertThat(ErrorMapping.toApiError(new GrantApplicationNotFoundException("grantapp_1"), "req-1").getMessage())
                .isEqualTo("Grant application 'grantapp_1' was not found.");
    }
}
