package com.atelier.local.cli;

import com.atelier.local.AtelierHome;
import com.atelier.local.LocalStackException;
import com.atelier.local.client.AtelierClient;
import com.atelier.local.client.ClientException;
import com.atelier.local.client.ClientSettings;
import com.atelier.local.client.ExitCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What {@code generate}, {@code edit} and {@code vary} share: which Atelier and key, how many images
 * of which size and seed, where to write them; then one job through the jobs API, a progress bar of
 * its steps, and the PNGs written to disk with their paths printed. A client only: it starts nothing.
 */
abstract class ImageJobCommand implements Callable<Integer> {

    static final String EXIT_CODES = "%nExit codes: 0 images written, 1 the job failed, 2 bad usage, 3 no Atelier"
            + " stack at the URL, 4 missing or bad API key, 5 no credits left, 6 prompt or image refused by the"
            + " content policy, 7 any other refusal of the API (an invalid parameter, the rate limit: its message says which).%n"
            + "%nThe URL and key come from --url/--api-key, else ATELIER_URL/ATELIER_API_KEY, else the config file"
            + " (ATELIER_CONFIG, else ~/.config/atelier/config.json: {\"url\":…, \"api_key\":…}), else the stack"
            + " that ./atelier up runs in this checkout (its gateway and demo key).";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    @Spec
    CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", description = "The Atelier API (default: ATELIER_URL, the config"
            + " file, or the local stack's gateway).")
    String url;

    @Option(names = "--api-key", paramLabel = "KEY", description = "The API key (default: ATELIER_API_KEY, the config"
            + " file, or the local stack's demo key).")
    String apiKey;

    @Option(names = "-n", paramLabel = "N", description = "How many images, 1 to 10 (default: 1).")
    Integer images;

    @Option(names = "--size", paramLabel = "SIZE", description = "256x256, 512x512 or 1024x1024 (default: the API's,"
            + " 1024x1024).")
    String size;

    @Option(names = "--seed", paramLabel = "S", description = "The first image's seed, 0 to 4294967295: the same seed"
            + " and parameters make the same pixels (default: one the job draws and shows).")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = ".", description = "Where the PNGs are written"
            + " (default: the current folder).")
    Path out;

    /** The job's kind and its own fields; uploads its images through the client when it has some. */
    abstract ObjectNode job(AtelierClient client);

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            AtelierClient client = new AtelierClient(ClientSettings.resolve(new ClientSettings.Sources(
                    Optional.ofNullable(url), Optional.ofNullable(apiKey), System.getenv(),
                    Path.of(System.getProperty("user.home")), localStateFile())));
            ObjectNode body = job(client);
            Optional.ofNullable(images).ifPresent(count -> body.put("n", count));
            Optional.ofNullable(size).ifPresent(side -> body.put("size", side));
            Optional.ofNullable(seed).ifPresent(first -> body.put("seed", first));
            JsonNode finished = awaitWithProgress(client, client.submit(body));
            for (Path written : save(client, finished)) {
                spec.commandLine().getOut().println(written);
            }
            spec.commandLine().getOut().flush();
            return ExitCode.IMAGES_WRITTEN.code();
        } catch (ClientException failure) {
            err.println("atelier " + spec.name() + ": " + failure.getMessage());
            err.flush();
            return failure.exitCode().code();
        } catch (IllegalArgumentException badUsage) {
            err.println("atelier " + spec.name() + ": " + badUsage.getMessage());
            err.flush();
            return ExitCode.USAGE.code();
        }
    }

    static ObjectNode body(String kind) {
        return JSON.createObjectNode().put("kind", kind);
    }

    static byte[] readPng(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The stack that ./atelier up runs in this checkout, when the client runs from one. */
    private static Path localStateFile() {
        try {
            return AtelierHome.locate().resolve(".atelier/local.json");
        } catch (LocalStackException outsideACheckout) {
            return Path.of(".atelier/local.json").toAbsolutePath();
        }
    }

    private static JsonNode awaitWithProgress(AtelierClient client, JsonNode job) {
        String jobId = job.path("id").asText();
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(jobId)
                .setInitialMax(Math.max(1, job.at("/progress/total_steps").asLong()))
                .setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUnit(" steps", 1)
                .hideEta()
                .build()) {
            while (!AtelierClient.isFinished(job)) {
                bar.setExtraMessage(job.path("status").asText());
                pause();
                job = client.job(jobId);
                long total = job.at("/progress/total_steps").asLong();
                if (total > 0) {
                    bar.maxHint(total);
                }
                bar.stepTo(job.at("/progress/completed_steps").asLong());
            }
            bar.setExtraMessage(job.path("status").asText());
            if (job.path("status").asText().equals("succeeded")) {
                bar.stepTo(bar.getMax());
            }
        }
        return switch (job.path("status").asText()) {
            case "succeeded" -> job;
            case "rejected" -> throw new ClientException(ExitCode.REFUSED, "job " + jobId + ": every image was flagged"
                    + " by the safety checker and withheld; the credits were refunded");
            default -> throw new ClientException(ExitCode.JOB_FAILED, "job " + jobId + " " + job.path("status").asText()
                    + " (" + job.path("status_reason").asText("no reason given") + "); the credits were refunded");
        };
    }

    private List<Path> save(AtelierClient client, JsonNode job) {
        String jobId = job.path("id").asText();
        long firstSeed = job.path("seed").asLong();
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(out);
            for (JsonNode image : job.path("data")) {
                // Named by its index in the job (its seed less the job's), which a flagged image leaves out.
                Path file = out.resolve(jobId + "-" + (image.path("seed").asLong() - firstSeed) + ".png");
                Files.write(file, client.download(URI.create(image.path("url").asText())));
                written.add(file);
            }
        } catch (IOException e) {
            throw new ClientException(ExitCode.JOB_FAILED, "cannot write the images to " + out + ": " + e.getMessage());
        }
        return written;
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_INTERVAL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientException(ExitCode.JOB_FAILED, "interrupted while waiting for the job");
        }
    }
}
