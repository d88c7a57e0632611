package com.atelier.local.bench;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Collections;
import java.util.Comparator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.stream.Stream;
import com.atelier.api.ApiFunction;
import com.atelier.config.AtelierConfig;
import com.atelier.local.AtelierHome;
import com.atelier.local.LocalStack;
import com.atelier.local.LocalStackException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./atelier bench-cold-start}: each API function's cold start in a fresh JVM, from the start of
 * its handler's class initialisation to its first answer to a real request against the local stack
 * (see {@link ColdStartProbe}), without and with its SnapStart priming run first. On Lambda the
 * primed figure is what a restored SnapStart instance pays (restore itself aside); here it shows what
 * priming moves out of the first request.
 *
 * <p>The probe runs on the class path a function has on Lambda: the jars of the functions' Lambda
 * package (the one with the face check's natives, a superset of the lean one's classes), plus the
 * probe's own class. Nothing of the local stack is on it, so none of its global SDK interceptors.
 */
@Command(name = "bench-cold-start", mixinStandardHelpOptions = true,
        description = {"Benchmark the API functions' cold start: a fresh JVM per run loads a handler as Lambda"
                + " does and answers one real request against an in-process local stack; class initialisation"
                + " to first answer, without and with SnapStart priming. Target: under 1.5 s."})
public final class ColdStartBenchmark implements Callable<Integer> {

    @Option(names = "--runs", defaultValue = "5", description = "Fresh JVMs per function and mode (default: ${DEFAULT-VALUE}).")
    int runs;

    private static final long TARGET_MILLIS = 1500;
    private static final Pattern PROBE_LINE = Pattern.compile("jvm=(\\d+) init=(\\d+) priming=(\\d+) first=(\\d+) status=(\\d+)");

    /** A function and the request its first answer is timed on. */
    private record Case(ApiFunction function, String routeKey, String path, String body, int expectedStatus, String note) {
    }

    private static final List<Case> CASES = List.of(
            new Case(ApiFunction.JOBS, "POST /v1/jobs", "/v1/jobs",
                    "{\"kind\":\"generation\",\"prompt\":\"a red circle\",\"n\":1,\"size\":\"256x256\"}", 202,
                    "a job accepted: auth, rate limit, moderation, record, debit, queue"),
            new Case(ApiFunction.IMAGES, "POST /v1/images/generations", "/v1/images/generations",
                    "{\"prompt\":\"a red circle\",\"n\":0}", 400, "refused after authentication (n=0), no worker wait"),
            new Case(ApiFunction.CREDITS, "GET /v1/credits", "/v1/credits", "-", 200, "the balance"),
            new Case(ApiFunction.ACCOUNTS, "GET /v1/keys", "/v1/keys", "-", 200, "the caller's API keys"),
            new Case(ApiFunction.MODERATION, "POST /v1/moderations", "/v1/moderations",
                    "{\"input\":\"a red circle left of a blue square\"}", 200, "one prompt moderated"));

    @Override
    public Integer call() throws Exception {
        if (runs < 1) {
            System.err.println("bench-cold-start: --runs must be at least 1");
            return 2;
        }
        LocalStack stack;
        try {
            stack = LocalStack.start(new LocalStack.Options(0, Optional.empty(), AtelierHome.locate(), false));
        } catch (LocalStackException e) {
            System.err.println("bench-cold-start: " + e.getMessage());
            return 1;
        }
        Path packageDir = Files.createTempDirectory("atelier-cold-start");
        try (stack) {
            String classPath = lambdaClassPath(AtelierHome.locate(), packageDir);
            return run(stack, classPath);
        } finally {
            deleteTree(packageDir);
        }
    }

    /** The Lambda package's jars, unpacked, and a folder holding only the probe's class. */
    private static String lambdaClassPath(Path home, Path into) throws IOException {
        Path zip = home.resolve("functions/target/atelier-functions-0.1.0-SNAPSHOT-lambda-faces.zip");
        if (!Files.isRegularFile(zip)) {
            throw new IOException("no Lambda package at " + zip + ": build it with mvn -pl functions -am package");
        }
        List<String> entries = new ArrayList<>();
        try (ZipFile archive = new ZipFile(zip.toFile())) {
            for (ZipEntry entry : Collections.list(archive.entries())) {
                if (entry.isDirectory() || !entry.getName().endsWith(".jar")) {
                    continue;
                }
                Path jar = into.resolve(Path.of(entry.getName()).getFileName().toString());
                try (InputStream in = archive.getInputStream(entry)) {
                    Files.copy(in, jar);
                }
                entries.add(jar.toString());
            }
        }
        String probeClass = ColdStartProbe.class.getName().replace('.', '/') + ".class";
        Path probe = into.resolve("probe").resolve(probeClass);
        Files.createDirectories(probe.getParent());
        try (InputStream in = ColdStartProbe.class.getClassLoader().getResourceAsStream(probeClass)) {
            Files.copy(in, probe);
        }
        entries.add(into.resolve("probe").toString());
        return String.join(File.pathSeparator, entries);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private int run(LocalStack stack, String classPath) throws Exception {
        System.out.printf("bench-cold-start: %d fresh JVMs per function and mode; %s; %d CPUs%n", runs,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.println("  init = the handler's class initialisation and constructor (configuration, AWS clients,"
                + " word lists); first = its first answer; cold = init + first; medians (max) over the runs");
        System.out.println();
        System.out.printf("%-12s %-7s %11s %11s %11s %13s %13s  %s%n", "function", "primed", "init ms", "priming ms",
                "first ms", "cold ms", "JVM+cold ms", "request");
        boolean allUnderTarget = true;
        for (Case probe : CASES) {
            for (boolean primed : new boolean[]{false, true}) {
                long[][] figures = new long[runs][];
                for (int run = 0; run < runs; run++) {
                    figures[run] = probe(stack, classPath, probe, primed);
                }
                long[] init = column(figures, 1);
                long[] priming = column(figures, 2);
                long[] first = column(figures, 3);
                long[] cold = sum(init, first);
                long[] total = sum(column(figures, 0), cold);
                if (!primed) {
                    allUnderTarget &= median(cold) < TARGET_MILLIS;
                }
                System.out.printf(Locale.ROOT, "%-12s %-7s %11s %11s %11s %13s %13s  %s %s%n", probe.function().shortName(),
                        primed ? "yes" : "no", figure(init), figure(priming), figure(first), figure(cold), figure(total),
                        probe.routeKey(), primed ? "" : "(" + probe.note() + ")");
            }
        }
        System.out.println();
        System.out.println("cold start (class initialisation to first answer, unprimed, median) under "
                + TARGET_MILLIS + " ms for every function: " + (allUnderTarget ? "yes" : "NO"));
        return 0;
    }

    private long[] probe(LocalStack stack, String classPath, Case probe, boolean primed) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // Lambda's Java 17 runtime starts its JVM with C1 only and the serial collector.
        List<String> command = new ArrayList<>(List.of(java.toString(), "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC", "-cp", classPath,
                ColdStartProbe.class.getName(), probe.function().name(), probe.routeKey(), probe.path(),
                stack.demoApiKey(), probe.body(), Boolean.toString(primed)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> environment = builder.environment();
        AtelierConfig.environmentVariables().forEach((name, value) -> {
            if (name.startsWith("ATELIER_")) {
                environment.put(name, value);
            }
        });
        environment.putAll(stack.sdkEnvironment());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        Matcher line = PROBE_LINE.matcher(output);
        if (exit != 0 || !line.find()) {
            throw new IllegalStateException("the probe of " + probe.function() + " exited " + exit + ": " + output);
        }
        int status = Integer.parseInt(line.group(5));
        if (status != probe.expectedStatus()) {
            throw new IllegalStateException(probe.routeKey() + " answered " + status + ", expected " + probe.expectedStatus());
        }
        return new long[]{Long.parseLong(line.group(1)), Long.parseLong(line.group(2)), Long.parseLong(line.group(3)),
                Long.parseLong(line.group(4))};
    }

    private static long[] column(long[][] rows, int index) {
        return Arrays.stream(rows).mapToLong(row -> row[index]).toArray();
    }

    private static long[] sum(long[] a, long[] b) {
        long[] sum = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            sum[i] = a[i] + b[i];
        }
        return sum;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String figure(long[] values) {
        return median(values) + " (" + Arrays.stream(values).max().orElse(0) + ")";
    }
}
