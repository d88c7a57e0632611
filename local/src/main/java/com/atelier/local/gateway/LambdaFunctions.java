package com.atelier.local.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.api.FunctionDefinition;
import com.atelier.local.iam.CallingPrincipal;
import com.atelier.local.logs.RequestAttribution;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs handlers in this JVM the way Lambda runs them: a handler instance is created with its
 * no-argument constructor (a cold start) and then reused, but never by two requests at once; a
 * concurrent request gets another instance, as it would get another execution environment. An
 * invocation that runs past its limit is abandoned, and so is its instance.
 */
public final class LambdaFunctions implements AutoCloseable {

    /** The outcome of one invocation, as API Gateway sees it. */
    public sealed interface Outcome {
        record Returned(APIGatewayV2HTTPResponse response) implements Outcome {
        }

        record Failed(Throwable error) implements Outcome {
        }

        record TimedOut(Duration limit) implements Outcome {
        }
    }

    private final String functionNamePrefix;
    private final Map<FunctionDefinition, ConcurrentLinkedDeque<RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>>> idle =
            new ConcurrentHashMap<>();
    private final ExecutorService invocations = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "lambda-invocation");
        thread.setDaemon(true);
        return thread;
    });

    /** @param functionNamePrefix the stage's prefix, so that functions are named as on AWS */
    public LambdaFunctions(String functionNamePrefix) {
        this.functionNamePrefix = functionNamePrefix;
    }

    /** Invokes the function, waiting at most for its own timeout or the caller's limit, whichever is shorter. */
    public Outcome invoke(FunctionDefinition function, APIGatewayV2HTTPEvent event, Duration callerLimit) {
        Duration limit = function.timeout().compareTo(callerLimit) < 0 ? function.timeout() : callerLimit;
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler;
        try {
            handler = acquire(function);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return new Outcome.Failed(e);
        }
        LocalLambdaContext context = new LocalLambdaContext(UUID.randomUUID().toString(),
                functionNamePrefix + function.shortName(), function.memoryMegabytes(), Instant.now().plus(function.timeout()));
        String requestId = event.getRequestContext() == null ? context.getAwsRequestId() : event.getRequestContext().getRequestId();
        Future<APIGatewayV2HTTPResponse> invocation = invocations.submit(() -> RequestAttribution.during(requestId, () ->
                CallingPrincipal.callAs(context.getFunctionName(), () -> handler.handleRequest(event, context))));
        try {
            APIGatewayV2HTTPResponse response = invocation.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            idle.get(function).push(handler);
            return new Outcome.Returned(response);
        } catch (TimeoutException e) {
            invocation.cancel(true);
            return new Outcome.TimedOut(limit);
        } catch (ExecutionException e) {
            idle.get(function).push(handler);
            return new Outcome.Failed(e.getCause());
        } catch (InterruptedException e) {
            invocation.cancel(true);
            Thread.currentThread().interrupt();
            return new Outcome.Failed(e);
        }
    }

    @SuppressWarnings("unchecked")
    private RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> acquire(FunctionDefinition function)
            throws ReflectiveOperationException {
        var pool = idle.computeIfAbsent(function, key -> new ConcurrentLinkedDeque<>());
        var handler = pool.poll();
        if (handler != null) {
            return handler;
        }
        return (RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>)
                Class.forName(function.handlerClassName()).getDeclaredConstructor().newInstance();
    }

    @Override
    public void close() {
        invocations.shutdownNow();
    }
}
