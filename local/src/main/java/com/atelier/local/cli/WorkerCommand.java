package com.atelier.local.cli;

import ai.onnxruntime.OrtException;
import com.atelier.aws.AwsClients;
import com.atelier.config.AtelierConfig;
import com.atelier.functions.jobs.JobOutcomesHandler;
import com.atelier.functions.wiring.AwsAdapters;
import com.atelier.functions.wiring.Wiring;
import com.atelier.local.AtelierHome;
import com.atelier.local.events.JobChangeFeed;
import com.atelier.resources.AtelierResources;
import com.atelier.worker.Worker;
import com.atelier.worker.WorkerConfig;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/**
 * {@code ./atelier worker}: the GPU worker on this machine's CPU in a process of its own, beside a
 * stack started with {@code ./atelier up --no-worker}, so that it can be stopped or killed alone.
 * It reaches the stack through the SDK's settings ({@code source .atelier/env}).
 *
 * <p>The local stand-in for the jobs table's stream sees only the writes of its own JVM, so this
 * process also delivers its jobs' changes to the job-outcomes function, as the stream would.
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Run the worker alone against a running stack (./atelier up --no-worker; source .atelier/env first).")
final class WorkerCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        AtelierConfig config = AtelierConfig.fromEnvironment();
        Map<String, String> variables = AtelierConfig.environmentVariables();
        variables.putIfAbsent("ATELIER_MODEL_DIR", AtelierHome.bundledModel(AtelierHome.locate()).toString());
        variables.putIfAbsent("ATELIER_WORKER_POLL_SECONDS", "1");
        AwsClients clients = AwsClients.fromSdkSettings();
        AwsClients workerClients = AwsClients.forPrincipal(config.resourcePrefix() + "gpu-worker", List.of());
        Wiring wiring = new Wiring(config, new AwsAdapters(config, clients), Clock.systemUTC());
        AutoCloseable outcomes = JobChangeFeed.start(AtelierResources.of(config).jobs().name(),
                config.resourcePrefix() + "job-outcomes", new JobOutcomesHandler(wiring.jobOutcomes()));
        Worker worker;
        try {
            worker = Worker.start(workerClients, config, WorkerConfig.from(variables), Clock.systemUTC(), work -> { });
        } catch (OrtException e) {
            System.err.println("atelier worker: the model could not be loaded: " + e.getMessage());
            outcomes.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                worker.close();
                outcomes.close();
                workerClients.close();
                clients.close();
            } catch (Exception e) {
                System.err.println("atelier worker: did not stop cleanly: " + e.getMessage());
            } finally {
                stopped.countDown();
            }
        }, "atelier-worker-stop"));
        System.out.println("The worker is running; stop it with Ctrl-C.");
        stopped.await();
        return 0;
    }
}
