package com.atelier.api;

import java.time.Duration;

/** A Lambda function behind the HTTP API: its handler class and the limits it runs under. */
public interface FunctionDefinition {

    /** The name part that follows the stage prefix, e.g. {@code health} in {@code atelier-prod-health}. */
    String shortName();

    /** A class implementing {@code RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>}. */
    String handlerClassName();

    Duration timeout();

    int memoryMegabytes();
}
