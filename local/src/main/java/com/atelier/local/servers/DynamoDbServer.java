package com.atelier.local.servers;

import com.atelier.local.LocalStackException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * DynamoDB on loopback: dynalite under the machine's Node, as a child process that ends with this
 * JVM (it exits when its stdin closes). In memory, or in LevelDB files under a data folder.
 *
 * <p>dynalite has no TransactWriteItems, TransactGetItems, PartiQL or TTL expiry; Atelier's writes
 * are single-item conditional updates, which it applies atomically.
 */
public final class DynamoDbServer implements BackingServer {

    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(20);
    private static final Duration STOP_LIMIT = Duration.ofSeconds(5);
    private static final Pattern LISTENING = Pattern.compile("listening (\\d+)");

    private final Process process;
    private final URI endpoint;

    private DynamoDbServer(Process process, URI endpoint) {
        this.process = process;
        this.endpoint = endpoint;
    }

    /**
     * @param dynaliteDir the folder holding {@code serve.js} and dynalite's {@code node_modules}
     * @param dataDir     where tables are kept across restarts; in memory when empty
     */
    public static DynamoDbServer start(Path dynaliteDir, Optional<Path> dataDir) throws IOException {
        Path script = dynaliteDir.resolve("serve.js");
        if (!Files.isRegularFile(dynaliteDir.resolve("node_modules/dynalite/package.json"))) {
            throw new LocalStackException("dynalite is not installed in " + dynaliteDir
                    + ": run 'npm ci' there, or build with 'mvn -pl local package' which does it");
        }
        List<String> command = new ArrayList<>(List.of(NodeRuntime.executable(), script.toString(), "0"));
        if (dataDir.isPresent()) {
            Files.createDirectories(dataDir.get());
            command.add(dataDir.get().toAbsolutePath().toString());
        }
        Process process = new ProcessBuilder(command)
                .directory(dynaliteDir.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            int port = awaitPort(process);
            return new DynamoDbServer(process, URI.create("http://127.0.0.1:" + port));
        } catch (RuntimeException e) {
            stop(process);
            throw e;
        }
    }

    private static int awaitPort(Process process) {
        BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = output.readLine()) != null) {
                    Matcher matcher = LISTENING.matcher(line);
                    if (matcher.matches()) {
                        return Integer.parseInt(matcher.group(1));
                    }
                }
                throw new LocalStackException("dynalite exited before listening (exit code "
                        + process.waitFor() + "); its error is printed above");
            } catch (IOException e) {
                throw new LocalStackException("could not read dynalite's output: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalStackException("interrupted while starting dynalite");
            }
        });
        try {
            return port.get(STARTUP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new LocalStackException("dynalite did not listen within " + STARTUP_LIMIT.toSeconds() + " s");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new LocalStackException(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while starting dynalite");
        }
    }

    @Override
    public String service() {
        return "dynamodb";
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        try {
            process.getOutputStream().close();
            if (!process.waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
