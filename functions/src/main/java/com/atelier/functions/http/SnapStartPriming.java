package com.atelier.functions.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.atelier.api.ApiFunction;
import com.atelier.api.ApiRoutes;
import com.atelier.api.Route;
import com.atelier.functions.wiring.Wiring;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * Lambda SnapStart's hook: before the snapshot of an initialised function is taken, run its request
 * path once (its first route without credentials, answered 401 by the authenticated ones, which
 * parses, logs and writes metrics like any other request) and what its composition root wired once
 * (see {@link Wiring#prime()}), so that restored instances start with those classes loaded and the
 * first user's request is not the one that pays for it. Nothing it does changes any data. Off Lambda
 * (and without SnapStart) the hook never runs.
 */
public final class SnapStartPriming implements Resource {

    private final ApiHandler handler;
    private final Route route;
    private final Wiring wiring;

    public SnapStartPriming(ApiHandler handler, ApiFunction function, Wiring wiring) {
        this.handler = handler;
        this.route = ApiRoutes.ALL.stream().filter(candidate -> candidate.function() == function).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(function + " has no route"));
        this.wiring = wiring;
    }

    /** Registers priming for the instance Lambda creates; the runtime keeps it for the process's life. */
    public static void register(ApiHandler handler, ApiFunction function, Wiring wiring) {
        Core.getGlobalContext().register(new SnapStartPriming(handler, function, wiring));
    }

    public void prime() {
        APIGatewayV2HTTPEvent withoutCredentials = APIGatewayV2HTTPEvent.builder()
                .withRouteKey(route.routeKey())
                .withRawPath(route.pathTemplate())
                .withHeaders(Map.of("content-type", "application/json"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("snapstart-priming")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(route.method()).withPath(route.pathTemplate()).build())
                        .build())
                .build();
        handler.handleRequest(withoutCredentials, null);
        wiring.prime();
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        prime();
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to redo: the clients reconnect on their own, and no random value was drawn before the snapshot.
    }
}
