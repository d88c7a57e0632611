package com.atelier.local.bench;

import com.atelier.aws.AwsClients;
import com.atelier.local.iam.CallingPrincipal;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts the AWS calls one caller makes while a benchmark asks it to (registered through the SDK's
 * global interceptor list; idle otherwise), by service and operation, so that a benchmark reports
 * what a request really costs in calls. The caller is a principal, as the least-privilege recorder
 * sees it ({@link AwsClients#PRINCIPAL}, else {@link CallingPrincipal}): the request's function, or
 * none for the benchmark's own calls. What the writes set off elsewhere in this JVM (the change
 * feed's functions, the event sources, the worker) is another principal's and is not counted.
 */
public final class AwsCallCounter implements ExecutionInterceptor {

    private static final AtomicBoolean COUNTING = new AtomicBoolean();
    private static volatile Optional<String> counted = Optional.empty();
    private static final Map<String, LongAdder> CALLS = new ConcurrentHashMap<>();

    /** Calls per operation of the action, by "Service.Operation", averaged over its {@code operations}. */
    public record Counts(Map<String, Double> perOperation) {
        public double total() {
            return perOperation.values().stream().mapToDouble(Double::doubleValue).sum();
        }

        @Override
        public String toString() {
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%.2f calls", total()));
            perOperation.forEach((call, count) -> text.append(String.format(Locale.ROOT, ", %s %.2f", call, count)));
            return text.toString();
        }
    }

    /**
     * Runs the action {@code operations} times while counting the calls of this principal (empty: the
     * calls made outside any), one counting window at a time.
     */
    public static synchronized Counts count(int operations, Optional<String> principal, Runnable action) {
        CALLS.clear();
        counted = principal;
        COUNTING.set(true);
        try {
            for (int i = 0; i < operations; i++) {
                action.run();
            }
        } finally {
            COUNTING.set(false);
        }
        Map<String, Double> perOperation = new TreeMap<>();
        CALLS.forEach((call, count) -> perOperation.put(call, count.doubleValue() / operations));
        return new Counts(perOperation);
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes executionAttributes) {
        if (COUNTING.get() && counted.equals(CallingPrincipal.of(executionAttributes))) {
            String call = executionAttributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "."
                    + executionAttributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            CALLS.computeIfAbsent(call, ignored -> new LongAdder()).increment();
        }
    }
}
