package com.atelier.local.iam;

import com.atelier.aws.AwsClients;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Which Lambda function (or the worker) the current thread works for, in this JVM where every
 * handler shares one set of AWS clients ({@code AwsClients.shared()}). The gateway and the event
 * sources set it around each invocation so that {@link AwsCallRecorder} can charge each AWS call to
 * the role that makes it on AWS. Work a handler hands to another thread is not covered; clients built
 * with {@code AwsClients.forPrincipal} carry their principal on any thread and take precedence.
 */
public final class CallingPrincipal {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    private CallingPrincipal() {
    }

    /** Runs the work as the function named {@code principal} (its name as deployed, e.g. {@code atelier-local-credits}). */
    public static <T> T callAs(String principal, Supplier<T> work) {
        String previous = CURRENT.get();
        CURRENT.set(principal);
        try {
            return work.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }

    public static void runAs(String principal, Runnable work) {
        callAs(principal, () -> {
            work.run();
            return null;
        });
    }

    public static Optional<String> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /**
     * Who makes an SDK call: the principal its client carries ({@link AwsClients#PRINCIPAL}), else the
     * one the calling thread runs as; empty for calls of neither (provisioning, a test's own set-up).
     */
    public static Optional<String> of(ExecutionAttributes attributes) {
        return Optional.ofNullable(attributes.getAttribute(AwsClients.PRINCIPAL)).or(CallingPrincipal::current);
    }
}
