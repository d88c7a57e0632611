package com.atelier.local.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AtelierClientTest {

    @ParameterizedTest
    @CsvSource({
            "401, invalid_request_error, invalid_api_key, BAD_API_KEY",
            "401, invalid_request_error, missing_api_key, BAD_API_KEY",
            "403, invalid_request_error, account_suspended, BAD_API_KEY",
            "429, insufficient_quota, insufficient_quota, NO_CREDITS",
            "400, invalid_request_error, content_policy_violation, REFUSED",
            "400, invalid_request_error, prompt_outside_vocabulary, INVALID_REQUEST",
            "400, invalid_request_error, invalid_value, INVALID_REQUEST",
            "429, requests, rate_limit_exceeded, INVALID_REQUEST",
            "503, server_error, service_unavailable, JOB_FAILED"})
    void eachKindOfRefusalHasItsExitCodeAndKeepsTheApisMessage(int status, String type, String code, ExitCode exit)
            throws IOException {
        ClientException failure = AtelierClient.refusal(status, new ObjectMapper().readTree(
                "{\"message\":\"what the API said\",\"type\":\"" + type + "\",\"param\":null,\"code\":\"" + code + "\"}"));

        assertThat(failure.exitCode()).isEqualTo(exit);
        assertThat(failure.getMessage()).isEqualTo("what the API said");
    }
}
