package com.atelier.worker.consumer;

import com.atelier.aws.AwsClients;
import com.atelier.jobs.JobMessage;
import com.atelier.logging.JsonLog;
import com.atelier.worker.consumer.JobProcessor.Disposition;
import com.atelier.worker.consumer.JobProcessor.Work;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Long-polls the jobs queue and works on up to {@code concurrentJobs} messages at once. While a job
 * runs its message's visibility is renewed, so no other worker sees it; a worker that dies stops
 * renewing and the message comes back to another. A message is deleted only after its job's images
 * and outcome are stored. {@link #shutdown} (SIGTERM) stops receiving, lets running jobs finish within
 * a grace period, then stops the rest and makes their messages visible again.
 */
public final class QueueConsumer {


    private final SqsClient sqs;
    private final String queueUrl;
    private final JobProcessor processor;
    private final int concurrentJobs;
    private final Duration visibilityTimeout;
    private final int pollWaitSeconds;
    private final Duration retryBackoff;
    private final Optional<Path> heartbeatFile;
    private final Consumer<Work> onWork;
    private final Semaphore slots;
    private final ExecutorService workers;
    private final ScheduledExecutorService keeper;
    private final Map<String, Message> inFlight = new ConcurrentHashMap<>();
    private final AtomicBoolean receiving = new AtomicBoolean(true);
    private final AtomicBoolean stopJobs = new AtomicBoolean(false);
    private final AtomicInteger activeJobs = new AtomicInteger();
    private final AtomicLong jobsDone = new AtomicLong();
    private final AtomicLong jobsFailed = new AtomicLong();
    private Thread poller;

    public QueueConsumer(SqsClient sqs, String queueUrl, JobProcessor processor, int concurrentJobs,
                         Duration visibilityTimeout, int pollWaitSeconds, Duration retryBackoff,
                         Optional<Path> heartbeatFile, Consumer<Work> onWork) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.processor = processor;
        this.concurrentJobs = concurrentJobs;
        this.visibilityTimeout = visibilityTimeout;
        this.pollWaitSeconds = pollWaitSeconds;
        this.retryBackoff = retryBackoff;
        this.heartbeatFile = heartbeatFile;
        this.onWork = onWork;
        this.slots = new Semaphore(concurrentJobs);
        this.workers = Executors.newFixedThreadPool(concurrentJobs, runnable -> {
            Thread thread = new Thread(runnable, "atelier-job");
            thread.setDaemon(true);
            return thread;
        });
        this.keeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "atelier-visibility");
            thread.setDaemon(true);
            return thread;
        });
    }

    public void start() {
        long renewEvery = Math.max(1, visibilityTimeout.toSeconds() / 3);
        keeper.scheduleAtFixedRate(this::renewVisibility, renewEvery, renewEvery, TimeUnit.SECONDS);
        keeper.scheduleAtFixedRate(this::heartbeat, 0, 30, TimeUnit.SECONDS);
        poller = new Thread(this::poll, "atelier-poller");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        while (receiving.get()) {
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            int free = 1 + slots.drainPermits();
            List<Message> messages;
            try {
                messages = sqs.receiveMessage(request -> request.queueUrl(queueUrl)
                        .maxNumberOfMessages(Math.min(10, free))
                        .waitTimeSeconds(pollWaitSeconds)
                        .overrideConfiguration(AwsClients.longPoll(pollWaitSeconds))
                        .visibilityTimeout((int) visibilityTimeout.toSeconds())
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            } catch (SdkException e) {
                slots.release(free);
                if (!receiving.get()) {
                    // shutdown() interrupts the long poll: the stop it asked for, not a failed receive.
                    return;
                }
                JsonLog.warn("queue_receive_failed", JsonLog.fields().put("message", e.getMessage()));
                sleepQuietly(Duration.ofSeconds(2));
                continue;
            }
            slots.release(free - messages.size());
            for (Message message : messages) {
                if (!receiving.get()) {
                    changeVisibility(message, 0);
                    slots.release();
                    continue;
                }
                inFlight.put(message.messageId(), message);
                activeJobs.incrementAndGet();
                workers.execute(() -> work(message));
            }
        }
    }

    private void work(Message message) {
        String jobId = null;
        Disposition disposition;
        try {
            jobId = JobMessage.parse(message.body()).jobId();
            Work work = processor.process(jobId, stopJobs::get);
            disposition = work.disposition();
            onWork.accept(work);
        } catch (RuntimeException e) {
            JsonLog.error("job_attempt_failed", JsonLog.fields().put("jobId", jobId)
                    .put("receiveCount", message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)), e);
            jobsFailed.incrementAndGet();
            disposition = Disposition.RETRY;
        }
        inFlight.remove(message.messageId());
        try {
            switch (disposition) {
                case DELETE -> {
                    sqs.deleteMessage(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
                    jobsDone.incrementAndGet();
                }
                case RELEASE -> changeVisibility(message, 0);
                case RETRY -> changeVisibility(message, retryDelaySeconds(message));
                case ABANDON -> { }
            }
        } catch (SdkException e) {
            JsonLog.warn("queue_settle_failed", JsonLog.fields().put("jobId", jobId).put("message", e.getMessage()));
        } finally {
            activeJobs.decrementAndGet();
            slots.release();
        }
    }

    /** A failed attempt comes back sooner than the full visibility timeout, twice as late each time. */
    private int retryDelaySeconds(Message message) {
        int receives = Integer.parseInt(message.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
        long delay = retryBackoff.toSeconds() << Math.min(Math.max(receives - 1, 0), 10);
        return (int) Math.min(visibilityTimeout.toSeconds(), delay);
    }

    private void renewVisibility() {
        for (Message message : inFlight.values()) {
            changeVisibility(message, (int) visibilityTimeout.toSeconds());
        }
    }

    private void changeVisibility(Message message, int seconds) {
        try {
            sqs.changeMessageVisibility(request -> request.queueUrl(queueUrl).receiptHandle(message.receiptHandle())
                    .visibilityTimeout(seconds));
        } catch (SdkException e) {
            JsonLog.warn("visibility_change_failed", JsonLog.fields().put("messageId", message.messageId())
                    .put("message", e.getMessage()));
        }
    }

    /** A log line with the worker's figures, and the health-check file's time set to now. */
    private void heartbeat() {
        heartbeatFile.ifPresent(file -> {
            try {
                if (Files.exists(file)) {
                    Files.setLastModifiedTime(file, FileTime.from(Instant.now()));
                } else {
                    Files.createFile(file);
                }
            } catch (IOException e) {
                JsonLog.warn("heartbeat_file_failed", JsonLog.fields().put("file", file.toString())
                        .put("message", e.getMessage()));
            }
        });
        JsonLog.info("worker_heartbeat", JsonLog.fields().put("running", inFlight.size())
                .put("concurrency", concurrentJobs).put("jobsDone", jobsDone.get()).put("jobsFailed", jobsFailed.get()));
    }

    /**
     * Stops taking work; running jobs get {@code grace} to finish, then are stopped at their next step
     * and their messages made visible for another worker. Returns when nothing runs any more.
     */
    public void shutdown(Duration grace) {
        receiving.set(false);
        JsonLog.info("worker_stopping", JsonLog.fields().put("running", inFlight.size()).put("graceSeconds", grace.toSeconds()));
        if (!waitForIdle(grace)) {
            stopJobs.set(true);
            waitForIdle(Duration.ofSeconds(30));
        }
        if (poller != null) {
            poller.interrupt();
            try {
                poller.join(Duration.ofSeconds(pollWaitSeconds + 5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        keeper.shutdownNow();
        workers.shutdownNow();
        JsonLog.info("worker_stopped", JsonLog.fields().put("jobsDone", jobsDone.get()).put("jobsFailed", jobsFailed.get()));
    }

    private boolean waitForIdle(Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (activeJobs.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleepQuietly(Duration.ofMillis(50));
        }
        return true;
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int running() {
        return activeJobs.get();
    }
}
