package com.atelier.worker;

import ai.onnxruntime.OrtException;
import com.atelier.aws.AwsClients;
import com.atelier.config.AtelierConfig;
import com.atelier.aws.images.S3ImageBlobs;
import com.atelier.aws.jobs.DynamoDbJobRepository;
import com.atelier.images.ImageBlobs;
import com.atelier.jobs.JobRepository;
import com.atelier.logging.JsonLog;
import com.atelier.resources.AtelierResources;
import com.atelier.worker.consumer.JobProcessor;
import com.atelier.worker.consumer.QueueConsumer;
import com.atelier.worker.pipeline.DiffusionPipeline;
import com.atelier.worker.pipeline.PipelineOptions;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * One worker process, its composition root: the model loaded once, the jobs table and the images bucket
 * (the only stores it writes: never credits or reviews), and the queue consumer, wired from configuration.
 */
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
        JobRepository jobs = new DynamoDbJobRepository(clients.dynamoDb(), clients.dynamoDbEnhanced(), resources.jobs().name());
        ImageBlobs images = new S3ImageBlobs(clients.s3(), clients.s3Presigner(), atelier.imagesBucketName());
        JobProcessor processor = new JobProcessor(jobs, images, pipeline, config, clock);
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
