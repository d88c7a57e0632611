package com.atelier.local.iam;

import com.atelier.aws.AwsClients;
import com.atelier.config.AtelierConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Records, for the least-privilege check in {@code tests/}, which IAM action on which resource each
 * function and the worker needed: one JSON line per distinct (principal, action, resource) in
 * {@code $ATELIER_AWS_CALL_LOG/calls-<pid>-<random>.jsonl}, so that forked test JVMs and the
 * {@code ./atelier up} children they start (which inherit the variable) write beside each other.
 *
 * <p>The SDK adds it to every client through
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}; without the variable it
 * does nothing. A call is charged to {@link AwsClients#PRINCIPAL} when its client carries one, else
 * to {@link CallingPrincipal}; calls of neither (the stack's provisioning, tests' own set-up) are
 * not recorded, nor are principals outside the stack's stage. Names lose the stage's prefix ({@code atelier-local-jobs} → {@code jobs}), so that
 * they compare with any stage's template. S3 keys are kept per top-level prefix: the first key seen
 * under {@code results/} stands for the others.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {

    public static final String LOG_DIR_VARIABLE = "ATELIER_AWS_CALL_LOG";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DIR = logDir();
    private static final Set<String> SEEN = ConcurrentHashMap.newKeySet();
    private static Writer writer;

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (DIR == null) {
            return;
        }
        String principal = CallingPrincipal.of(attributes).orElse(null);
        if (principal == null) {
            return;
        }
        String prefix = Stage.PREFIX;
        if (!principal.startsWith(prefix)) {
            // A harness of a test's own stage (WorkerIT's dead-letter source), not a function of this stack.
            return;
        }
        String who = unprefixed(principal, prefix);
        for (IamPermissions.Permission permission : IamPermissions.of(context.request(), name -> unprefixed(name, prefix))) {
            if (SEEN.add(who + " " + permission.action() + " " + keyPrefix(permission.resource()))) {
                Map<String, String> line = new LinkedHashMap<>();
                line.put("principal", who);
                line.put("action", permission.action());
                line.put("resource", permission.resource());
                line.put("operation", IamPermissions.operation(context.request()));
                line.put("thread", Thread.currentThread().getName());
                write(line);
            }
        }
    }

    private static String unprefixed(String name, String prefix) {
        return name.startsWith(prefix) ? name.substring(prefix.length()) : name;
    }

    /** {@code arn:aws:s3:::images/results/u/j/0.png} → {@code arn:aws:s3:::images/results/}. */
    private static String keyPrefix(String resource) {
        if (!resource.startsWith("arn:aws:s3:::")) {
            return resource;
        }
        int bucketEnd = resource.indexOf('/');
        if (bucketEnd < 0) {
            return resource;
        }
        int prefixEnd = resource.indexOf('/', bucketEnd + 1);
        return prefixEnd < 0 ? resource : resource.substring(0, prefixEnd + 1);
    }

    /** Read on the first recorded call: one stack, so one stage, per JVM. */
    private static final class Stage {
        static final String PREFIX = resourcePrefix();

        private static String resourcePrefix() {
            try {
                return AtelierConfig.fromEnvironment().resourcePrefix();
            } catch (RuntimeException e) {
                return "atelier-" + AtelierConfig.DEFAULT_STAGE + "-";
            }
        }
    }

    private static synchronized void write(Map<String, String> line) {
        try {
            if (writer == null) {
                Files.createDirectories(DIR);
                writer = Files.newBufferedWriter(DIR.resolve("calls-" + ProcessHandle.current().pid() + "-"
                        + UUID.randomUUID().toString().substring(0, 8) + ".jsonl"), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            }
            writer.write(JSON.writeValueAsString(line));
            writer.write('\n');
            // Few distinct lines, and the JVM may end without closing anything: write each through.
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("could not record an AWS call in " + DIR, e);
        }
    }

    private static Path logDir() {
        String dir = System.getenv(LOG_DIR_VARIABLE);
        if (dir == null || dir.isBlank()) {
            dir = System.getProperty("atelier.awsCallLog");
        }
        return dir == null || dir.isBlank() ? null : Path.of(dir).toAbsolutePath();
    }
}
