package com.atelier.worker;

import ai.onnxruntime.OrtException;
import com.atelier.accounts.AccountStore;
import com.atelier.accounts.CreditService;
import com.atelier.accounts.LedgerStore;
import com.atelier.aws.AwsClients;
import com.atelier.config.AtelierConfig;
import com.atelier.images.ImageStore;
import com.atelier.jobs.JobOutcomes;
import com.atelier.jobs.JobStore;
import com.atelier.logging.JsonLog;
import com.atelier.moderation.ContentScreening;
import com.atelier.moderation.PromptModerator;
import com.atelier.moderation.PromptReviser;
import com.atelier.moderation.faces.FaceDetector;
import com.atelier.resources.AtelierResources;
import com.atelier.review.ReviewQueue;
import com.atelier.worker.consumer.JobProcessor;
import com.atelier.worker.consumer.QueueConsumer;
import com.atelier.worker.pipeline.DiffusionPipeline;
import com.atelier.worker.pipeline.PipelineOptions;
import java.time.Clock;
import java.util.function.Consumer;

/** One worker process: the model loaded once, the stores, and the queue consumer, wired from configuration. */
public final class Worker implements AutoCloseable {

    private final DiffusionPipeline pipeline;
    private final QueueConsumer consumer;
    private final WorkerConfig config;

    private Worker(DiffusionPipeline pipeline, QueueConsumer consumer, WorkerConfig config) {
        this.pipeline = pipeline;
        this.consumer = consumer;
        this.config = config;
    }

    public static Worker start(AwsClients clients, AtelierConfig atelier, WorkerConfig config, Clock clock,
                               Consumer<JobProcessor.Work> onWork) throws OrtException {
        AtelierResources resources = AtelierResources.of(atelier);
        DiffusionPipeline pipeline = DiffusionPipeline.load(config.modelFolder(),
                new PipelineOptions(config.preferCuda(), 0, config.maxBatchImages()));
        JobStore jobs = new JobStore(clients.dynamoDbEnhanced(), resources.jobs().name());
        AccountStore accounts = new AccountStore(clients.dynamoDb(), clients.dynamoDbEnhanced(), resources.accounts().name());
        CreditService credits = new CreditService(accounts, new LedgerStore(clients.dynamoDbEnhanced(), resources.ledger().name()), clock);
        ContentScreening screening = new ContentScreening(PromptModerator.fromClasspath(),
                new PromptReviser(atelier.diversityRevision()), FaceDetector::shared,
                new ReviewQueue(clients.dynamoDbEnhanced(), resources.reviews().name()), clock);
        ImageStore images = new ImageStore(clients.s3(), clients.s3Presigner(), atelier.imagesBucketName());
        JobProcessor processor = new JobProcessor(jobs, new JobOutcomes(jobs, credits, clock), images, pipeline,
                screening::recordFlaggedOutput, config, clock);
        String queueUrl = clients.sqs().getQueueUrl(request -> request.queueName(resources.jobsQueue().name())).queueUrl();
        QueueConsumer consumer = new QueueConsumer(clients.sqs(), queueUrl, processor, config.concurrentJobs(),
                config.visibilityTimeout(), config.pollWaitSeconds(), config.retryBackoff(), config.heartbeatFile(), onWork);
        JsonLog.info("worker_started", JsonLog.fields().put("model", pipeline.modelName())
                .put("nativeSize", pipeline.nativeSizePixels()).put("device", pipeline.executionProvider())
                .put("concurrency", config.concurrentJobs()).put("scheduler", config.scheduler().name())
                .put("queue", resources.jobsQueue().name()));
        consumer.start();
        return new Worker(pipeline, consumer, config);
    }

    public DiffusionPipeline pipeline() {
        return pipeline;
    }

    public int runningJobs() {
        return consumer.running();
    }

    /** SIGTERM: stop taking work, give running jobs the configured grace, release the rest. */
    @Override
    public void close() throws OrtException {
        consumer.shutdown(config.shutdownGrace());
        pipeline.close();
    }
}
