package com.atelier.functions.apidescription;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.api.ApiDescription;
import com.atelier.functions.http.ApiHandler;
import com.atelier.functions.http.ApiRequest;

import java.util.Map;

/**
 * {@code GET /v1/openapi.json}: the API's OpenAPI 3.1 description, for client generators and the web
 * client. Public, like {@code /health}: it describes the API, not anyone's data.
 */
public final class ApiDescriptionHandler extends ApiHandler {

    /** Read once per process: it is part of the deployed code and never changes under it. */
    private static final String DESCRIPTION = ApiDescription.json();

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of("content-type", "application/json", "cache-control", "public, max-age=300"))
                .withBody(DESCRIPTION)
                .build();
    }
}
