package com.atelier.local.cli;

import com.atelier.local.AtelierHome;
import com.atelier.local.LocalStack;
import com.atelier.local.LocalStackException;
import com.atelier.local.StateFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code ./atelier up}: starts the local stack and keeps it running until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = "Start DynamoDB, SQS, S3 and the API gateway on loopback; stop with Ctrl-C.")
final class UpCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "The gateway's port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data-dir", description = "Keep DynamoDB tables and S3 objects in this folder across restarts"
            + " (default: in memory).")
    Path dataDir;

    @Option(names = "--state-dir", description = "Where local.json and env are written (default: .atelier in the checkout).")
    Path stateDir;

    @Option(names = "--no-worker", description = "Run no worker in this process: start one with ./atelier worker"
            + " (dead letters are still handled here).")
    boolean noWorker;

    @Option(names = "--warm-up-and-exit", hidden = true, description = "Start, answer one /health request, stop:"
            + " the training run that records the class-data sharing archive ./atelier starts later runs from.")
    boolean warmUpAndExit;

    @Override
    public Integer call() throws Exception {
        long startNanos = System.nanoTime();
        Path home = AtelierHome.locate();
        StateFile state = new StateFile(stateDir != null ? stateDir : home.resolve(".atelier"));
        LocalStack stack;
        try {
            stack = LocalStack.start(new LocalStack.Options(port, Optional.ofNullable(dataDir), home, !noWorker, true));
        } catch (LocalStackException e) {
            System.err.println("atelier up: " + e.getMessage());
            return 1;
        }
        if (warmUpAndExit) {
            try (stack) {
                HttpResponse<Void> health = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(stack.gatewayUrl().resolve("/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                return health.statusCode() == 200 ? 0 : 1;
            }
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping the local stack…");
            state.delete();
            stack.close();
            stopped.countDown();
        }, "atelier-stop"));
        state.write(stack);
        System.out.printf("Atelier is up in %.1f s.%n", (System.nanoTime() - startNanos) / 1e9);
        System.out.println("  Web client   " + stack.gatewayUrl() + "/   (open it in a browser; sign in with the API key below)");
        System.out.println("  API gateway  " + stack.gatewayUrl() + "   (try: curl " + stack.gatewayUrl() + "/health)");
        System.out.println("  API key      " + stack.demoApiKey() + "   (demo user; admin key in " + state.path() + ")");
        stack.endpoints().forEach((service, endpoint) -> System.out.printf("  %-12s %s%n", service, endpoint));
        stack.oidcIssuer().ifPresent(issuer -> System.out.println("  OIDC issuer  " + issuer
                + "   (sign in with any user name; GET " + stack.gatewayUrl() + "/v1/auth/config)"));
        System.out.println("  data         " + (dataDir == null ? "in memory" : dataDir.toAbsolutePath()));
        System.out.println("  state        " + state.path() + "   (shells: source " + state.path().resolveSibling("env") + ")");
        System.out.println("Make images (the bundled model draws coloured shapes; README.md has more):");
        System.out.println("  curl -s " + stack.gatewayUrl() + "/v1/images/generations -H \"Authorization: Bearer "
                + stack.demoApiKey() + "\" -H \"Content-Type: application/json\" -d '{\"prompt\":\"a red circle left of"
                + " a blue square\",\"n\":4,\"size\":\"256x256\"}'");
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
