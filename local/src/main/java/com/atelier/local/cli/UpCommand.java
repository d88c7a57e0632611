package com.atelier.local.cli;

import com.atelier.local.AtelierHome;
import com.atelier.local.LocalStack;
import com.atelier.local.LocalStackException;
import com.atelier.local.RememberedPorts;
import com.atelier.local.StateFile;
import com.atelier.local.logs.LocalLogging;
import com.atelier.local.logs.LogFormat;
import com.atelier.local.ports.PortCheck;
import com.atelier.local.ports.PortOwners;
import com.atelier.local.servers.ListenAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
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

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "The address the gateway and S3 listen on and"
            + " put in their URLs, e.g. this machine's address on the local network so that a phone can use the stack;"
            + " 0.0.0.0 for all (default: ${DEFAULT-VALUE}, this machine only).")
    String host;

    @Option(names = "--log-format", defaultValue = "text", converter = LogFormat.Converter.class,
            description = "text: the functions' JSON and metric lines go to <state dir>/logs only; json: to the console too"
                    + " (default: ${DEFAULT-VALUE}).")
    LogFormat logFormat;

    @Option(names = "--warm-up-and-exit", hidden = true, description = "Start, answer one /health request, stop:"
            + " the training run that records the class-data sharing archive ./atelier starts later runs from.")
    boolean warmUpAndExit;

    @Override
    public Integer call() throws Exception {
        long startNanos = System.nanoTime();
        Path home = AtelierHome.locate();
        Path stateFolder = stateDir != null ? stateDir : home.resolve(".atelier");
        RememberedPorts remembered = new RememberedPorts(stateFolder);
        ListenAddress address;
        PortPlan ports;
        try {
            address = ListenAddress.of(host);
            // First of all, before the logs are set up and any server starts: a taken port is told at once.
            ports = checkPorts(address, remembered);
        } catch (LocalStackException e) {
            System.err.println("atelier up: " + e.getMessage());
            return 1;
        }
        LocalLogging.install(stateFolder.resolve("logs"), logFormat);
        Logger log = LoggerFactory.getLogger(UpCommand.class);
        log.info("ports checked in {} ms", ports.checkMillis());
        ports.s3Warning().ifPresent(log::warn);
        if (!address.isLoopback()) {
            log.warn("listening on {} beyond this machine: anyone who reaches it can call the gateway with the keys"
                    + " printed below and S3 with the local credentials, which are not secret; use a network you trust",
                    address.bind());
        }
        StateFile state = new StateFile(stateFolder);
        LocalStack stack;
        try {
            stack = LocalStack.start(new LocalStack.Options(port, Optional.ofNullable(dataDir), home, !noWorker, true,
                    address, ports.s3Port()));
        } catch (LocalStackException e) {
            System.err.println("atelier up: " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            // Not a refusal of ours (a server too slow to answer, say): the words here, the trace in the file.
            LoggerFactory.getLogger(LocalLogging.DETAILS_LOGGER).error("the stack could not start", e);
            System.err.println("atelier up: the stack could not start: " + e.getMessage() + " (the whole error is in "
                    + stateFolder.resolve("logs/atelier.log") + ")");
            return 1;
        }
        remembered.rememberS3(stack.endpoints().get("s3").getPort());
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
        System.out.println("  logs         " + stateFolder.resolve("logs") + "   (the functions' JSON events and metrics;"
                + " --log-format json shows them here)");
        System.out.println("Make images (the bundled model draws coloured shapes; README.md has more):");
        System.out.println("  curl -s " + stack.gatewayUrl() + "/v1/images/generations -H \"Authorization: Bearer "
                + stack.demoApiKey() + "\" -H \"Content-Type: application/json\" -d '{\"prompt\":\"a red circle left of"
                + " a blue square\",\"n\":4,\"size\":\"256x256\"}'");
        System.out.println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    /**
     * @param s3Port      the port S3 is to listen on; 0 for any free one
     * @param s3Warning   why S3 cannot have its port of the last start again, when it cannot
     * @param checkMillis how long the check took
     */
    private record PortPlan(int s3Port, Optional<String> s3Warning, long checkMillis) {
    }

    /**
     * Before any server starts: the gateway's port must be free (else the holder is named), and S3's
     * port from the last start on this state folder is taken again when free.
     */
    private PortPlan checkPorts(ListenAddress address, RememberedPorts remembered) {
        long startNanos = System.nanoTime();
        PortCheck ports = new PortCheck(new PortOwners());
        if (port != 0) {
            ports.requireFree(address.bind(), port, "The API gateway", "--port");
        }
        int s3Port = 0;
        Optional<String> s3Warning = Optional.empty();
        OptionalInt lastS3Port = remembered.s3();
        if (lastS3Port.isPresent() && lastS3Port.getAsInt() != port) {
            if (PortCheck.isFree(address.bind(), lastS3Port.getAsInt())) {
                s3Port = lastS3Port.getAsInt();
            } else {
                s3Warning = Optional.of("S3's port " + lastS3Port.getAsInt() + " from the last start is taken by "
                        + ports.holderOf(lastS3Port.getAsInt()) + ": image URLs handed out before this start will not load");
            }
        }
        return new PortPlan(s3Port, s3Warning, (System.nanoTime() - startNanos) / 1_000_000);
    }
}
