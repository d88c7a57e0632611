package com.atelier.local.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.api.ApiFunction;
import com.atelier.functions.wiring.Wiring;
import com.atelier.functions.http.ApiHandler;
import com.atelier.functions.http.SnapStartPriming;
import java.lang.management.ManagementFactory;
import java.util.Map;

/**
 * One Lambda cold start in this fresh JVM, run by {@link ColdStartBenchmark}: load and construct
 * the function's handler as the Lambda runtime does (class initialisation, clients, configuration),
 * optionally run its SnapStart priming, then answer one real request. Prints one line:
 * {@code jvm=MS init=MS priming=MS first=MS status=CODE}.
 *
 * <p>Arguments: function name, route key, path, API key, body ("-" for none), primed (true|false).
 */
public final class ColdStartProbe {

    private ColdStartProbe() {
    }

    public static void main(String[] args) throws Exception {
        long entered = System.currentTimeMillis();
        long jvmMillis = entered - ManagementFactory.getRuntimeMXBean().getStartTime();
        ApiFunction function = ApiFunction.valueOf(args[0]);
        String routeKey = args[1];
        String path = args[2];
        String apiKey = args[3];
        String body = args[4].equals("-") ? null : args[4];
        boolean primed = Boolean.parseBoolean(args[5]);

        long started = System.nanoTime();
        // What the handler's no-argument constructor does, with the wiring kept here to prime it as SnapStart would.
        Wiring wiring = Wiring.fromEnvironment();
        Class<?> handlerClass = Class.forName(function.handlerClassName());
        Class<?> servicesClass = Class.forName(function.handlerClassName() + "$Services");
        Object services = servicesClass.getMethod("wire", Wiring.class).invoke(null, wiring);
        ApiHandler handler = (ApiHandler) handlerClass.getConstructor(servicesClass).newInstance(services);
        long initialised = System.nanoTime();
        if (primed) {
            new SnapStartPriming(handler, function, wiring).prime();
        }
        long readyNanos = System.nanoTime();
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withHeaders(Map.of("authorization", "Bearer " + apiKey, "content-type", "application/json"))
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("cold-start-probe")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(routeKey.substring(0, routeKey.indexOf(' '))).withPath(path).build())
                        .build())
                .build();
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
        long answered = System.nanoTime();
        System.out.printf("jvm=%d init=%d priming=%d first=%d status=%d%n", jvmMillis,
                (initialised - started) / 1_000_000, (readyNanos - initialised) / 1_000_000,
                (answered - readyNanos) / 1_000_000, response.getStatusCode());
    }
}
