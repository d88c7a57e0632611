package com.atelier.worker;

import com.atelier.aws.AwsClients;
import com.atelier.config.AtelierConfig;
import com.atelier.logging.JsonLog;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;

/**
 * The container's entry point: configuration from the environment, AWS clients from the SDK's own
 * settings, and a shutdown hook so that SIGTERM (a Spot interruption, a scale-in) drains the worker.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        Worker worker = Worker.start(AwsClients.shared(), AtelierConfig.fromEnvironment(), WorkerConfig.fromEnvironment(),
                Clock.systemUTC(), work -> { });
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                worker.close();
            } catch (Exception e) {
                JsonLog.error("worker_stop_failed", JsonLog.fields(), e);
            } finally {
                stopped.countDown();
            }
        }, "atelier-shutdown"));
        stopped.await();
    }
}
