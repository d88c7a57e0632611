package com.atelier.local.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Fails a share of AWS calls as DynamoDB, SQS and S3 sometimes do: half with throttling (400
 * {@code ThrottlingException}), half with an internal error (500). It throws before each attempt is
 * sent, inside the SDK's retry loop, so the SDK's retries and the code's own recovery meet it as
 * they would meet the service's answer.
 *
 * <p>The SDK adds it to every client through its global interceptor list; it does nothing unless the
 * system property {@value #CONTROL_FILE_PROPERTY} names a control file, which the fault suite writes
 * while the process runs: {@code <share> <seed>}, e.g. {@code 0.1 42} (a missing file or share 0:
 * no faults). Each injection is counted in {@code <control file>.<pid>.injected}, for the suite's table.
 */
public final class AwsFaultInjector implements ExecutionInterceptor {

    public static final String CONTROL_FILE_PROPERTY = "atelier.chaos.awsFaults";
    private static final long RELOAD_NANOS = 200_000_000L;

    private static final Path CONTROL = controlFile();
    private static final AtomicLong INJECTED = new AtomicLong();
    private static volatile Setting setting = new Setting(0, new SplittableRandom(0), "");
    private static volatile long checkedAtNanos = System.nanoTime() - RELOAD_NANOS;

    private record Setting(double share, SplittableRandom random, String text) {
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (CONTROL == null) {
            return;
        }
        Setting current = current();
        boolean fail;
        boolean throttle;
        synchronized (current.random()) {
            fail = current.share() > 0 && current.random().nextDouble() < current.share();
            throttle = current.random().nextBoolean();
        }
        if (!fail) {
            return;
        }
        record(INJECTED.incrementAndGet());
        throw AwsServiceException.builder()
                .statusCode(throttle ? 400 : 500)
                .message("injected by the fault suite")
                .awsErrorDetails(AwsErrorDetails.builder()
                        .errorCode(throttle ? "ThrottlingException" : "InternalFailure")
                        .errorMessage("injected by the fault suite")
                        .build())
                .build();
    }

    private static Setting current() {
        long now = System.nanoTime();
        if (now - checkedAtNanos < RELOAD_NANOS) {
            return setting;
        }
        checkedAtNanos = now;
        String text;
        try {
            text = Files.exists(CONTROL) ? Files.readString(CONTROL, StandardCharsets.UTF_8).trim() : "";
        } catch (IOException e) {
            return setting;
        }
        if (!text.equals(setting.text())) {
            String[] fields = text.isEmpty() ? new String[] {"0", "0"} : text.split("\\s+");
            setting = new Setting(Double.parseDouble(fields[0]),
                    new SplittableRandom(Long.parseLong(fields[1]) ^ ProcessHandle.current().pid()), text);
        }
        return setting;
    }

    private static void record(long injected) {
        try {
            Files.writeString(countFile(CONTROL, ProcessHandle.current().pid()), Long.toString(injected));
        } catch (IOException e) {
            // The count is for the report only; a fault must still be injected.
        }
    }

    /** Where a process writes how many faults it injected. */
    static Path countFile(Path control, long pid) {
        return control.resolveSibling(control.getFileName() + "." + pid + ".injected");
    }

    private static Path controlFile() {
        String path = System.getProperty(CONTROL_FILE_PROPERTY);
        return path == null || path.isBlank() ? null : Path.of(path);
    }
}
