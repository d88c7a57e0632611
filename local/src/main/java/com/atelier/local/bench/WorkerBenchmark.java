package com.atelier.local.bench;

import com.atelier.jobs.JobAttribution;
import com.atelier.accounts.CreditAccounts;
import com.atelier.accounts.CreditService;
import com.atelier.aws.credits.DynamoDbCreditAccounts;
import com.atelier.aws.credits.DynamoDbLedger;
import com.atelier.aws.images.S3ImageBlobs;
import com.atelier.aws.jobs.DynamoDbJobRepository;
import com.atelier.aws.jobs.SqsJobDispatch;
import com.atelier.accounts.Role;
import com.atelier.config.AtelierConfig;
import com.atelier.jobs.JobAdmission;
import com.atelier.jobs.JobIds;
import com.atelier.jobs.JobKind;
import com.atelier.jobs.JobSpec;
import com.atelier.jobs.JobRepository;
import com.atelier.local.AtelierHome;
import com.atelier.local.LocalStack;
import com.atelier.local.provision.ResourceProvisioner;
import com.atelier.resources.AtelierResources;
import com.atelier.worker.WorkerConfig;
import com.atelier.worker.consumer.JobProcessor;
import com.atelier.worker.pipeline.DiffusionPipeline;
import com.atelier.worker.pipeline.ImageRequest;
import com.atelier.worker.pipeline.PipelineOptions;
import com.atelier.worker.pipeline.ProgressListener;
import com.atelier.worker.pipeline.StageTimings;
import com.atelier.worker.scheduler.SchedulerKind;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./atelier bench-worker}: where a job's time goes on this machine (tokenizer, text encoder,
 * UNet steps, VAE, resampling, PNG encoding, S3 upload), how much of the pipeline is not ONNX Runtime's
 * own run time, and a batch of n images against n separate runs, all in one run against an in-process
 * local stack (real S3 uploads, real job records).
 */
@Command(name = "bench-worker", mixinStandardHelpOptions = true,
        description = "Benchmark the worker's job processing on CPU: per-stage medians, pipeline overhead, batched vs separate.")
public final class WorkerBenchmark implements Callable<Integer> {

    @Option(names = "--jobs", defaultValue = "8", description = "Measured jobs per size (default: ${DEFAULT-VALUE}).")
    int jobs;

    @Option(names = "--warmup", defaultValue = "4",
            description = "Unmeasured jobs per size first, as a long-running worker is warm (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--images", defaultValue = "4", description = "Images per job (default: ${DEFAULT-VALUE}).")
    int imagesPerJob;

    @Option(names = "--steps", defaultValue = "20", description = "Sampling steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--sizes", defaultValue = "256,1024", split = ",", description = "Output sides (default: ${DEFAULT-VALUE}).")
    int[] sizes;

    @Option(names = "--model", paramLabel = "DIR", description = "The model folder (default: the bundled model).")
    Path model;

    /** Where the figures go: the real standard output, while the worker's JSON log lines go nowhere. */
    private PrintStream report;

    @Override
    public Integer call() throws Exception {
        report = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            return measure();
        } finally {
            System.setOut(report);
        }
    }

    private Integer measure() throws Exception {
        Path home = AtelierHome.locate();
        Path folder = model != null ? model : AtelierHome.bundledModel(home);
        try (LocalStack stack = LocalStack.start(new LocalStack.Options(0, Optional.empty(), home, false));
             DiffusionPipeline pipeline = DiffusionPipeline.load(folder, new PipelineOptions(false, 0, 10))) {
            AtelierConfig config = AtelierConfig.from(Map.of("ATELIER_STAGE", "bench-worker"));
            AtelierResources resources = AtelierResources.of(config);
            new ResourceProvisioner(stack.clients()).provision(resources);
            Clock clock = Clock.systemUTC();
            CreditAccounts accounts = new DynamoDbCreditAccounts(stack.clients().dynamoDb(),
                    stack.clients().dynamoDbEnhanced(), resources.accounts().name());
            CreditService credits = new CreditService(accounts,
                    new DynamoDbLedger(stack.clients().dynamoDbEnhanced(), resources.ledger().name()), clock);
            JobRepository jobStore = new DynamoDbJobRepository(stack.clients().dynamoDb(), stack.clients().dynamoDbEnhanced(),
                    resources.jobs().name());
            JobAdmission admission = new JobAdmission(jobStore, credits,
                    new SqsJobDispatch(stack.clients().sqs(), resources.jobsQueue().name()), clock);
            WorkerConfig workerConfig = WorkerConfig.from(Map.of("ATELIER_MODEL_DIR", folder.toString(),
                    "ATELIER_WORKER_STEPS", Integer.toString(steps), "ATELIER_WORKER_CUDA", "off"));
            JobProcessor processor = new JobProcessor(jobStore,
                    new S3ImageBlobs(stack.clients().s3(), stack.clients().s3Presigner(), config.imagesBucketName()),
                    pipeline, workerConfig, clock);

            report.printf(Locale.ROOT, "model %s (native %d px) on %s, %d steps, guidance %.1f, %s, %d images per job%n",
                    pipeline.modelName(), pipeline.nativeSizePixels(), pipeline.executionProvider(), steps,
                    pipeline.folder().recommendedGuidance(), workerConfig.scheduler(), imagesPerJob);
            for (int size : sizes) {
                List<JobProcessor.Work> works = new ArrayList<>();
                for (int i = 0; i < jobs + warmup; i++) {
                    String account = "bench-" + UUID.randomUUID();
                    credits.openAccount(account, Set.of(Role.USER), Optional.empty());
                    String jobId = JobIds.forIdempotencyKey(account, UUID.randomUUID().toString());
                    admission.admit(accounts.find(account).orElseThrow(), jobId, JobKind.GENERATION, imagesPerJob, "bench",
                            JobSpec.generation("a small red star at the top on a gray background", size, i),
                            JobAttribution.accountOnly(JobAttribution.DALL_E_2));
                    JobProcessor.Work work = processor.process(jobId, () -> false);
                    if (i >= warmup) {
                        works.add(work);
                    }
                }
                report(size, works);
            }
            compareBatching(pipeline, workerConfig.scheduler());
        }
        return 0;
    }

    private void report(int size, List<JobProcessor.Work> works) {
        report.printf(Locale.ROOT, "%n%dx%d, %d jobs of %d images: median ms per job%n", size, size, works.size(), imagesPerJob);
        row("tokenizer", works, w -> timings(w).tokenizerNanos());
        row("text encoder", works, w -> timings(w).textEncoderNanos());
        row("unet steps", works, w -> timings(w).unetNanos());
        row("vae decode", works, w -> timings(w).vaeNanos());
        row("resample", works, w -> timings(w).resampleNanos());
        row("png encoding", works, JobProcessor.Work::pngEncodeNanos);
        row("s3 upload", works, JobProcessor.Work::uploadNanos);
        row("pipeline", works, w -> timings(w).totalNanos());
        row("onnx runtime run", works, w -> timings(w).onnxRunNanos());
        row("whole job", works, JobProcessor.Work::totalNanos);
        double overhead = median(works, w -> timings(w).totalNanos() - timings(w).onnxRunNanos())
                / median(works, w -> timings(w).totalNanos());
        double overheadOfJob = median(works, w -> timings(w).totalNanos() - timings(w).onnxRunNanos())
                / median(works, JobProcessor.Work::totalNanos);
        report.printf(Locale.ROOT, "pipeline overhead (pipeline time outside ONNX Runtime's run calls): %.1f%% of the"
                + " pipeline, %.1f%% of the job%n", 100 * overhead, 100 * overheadOfJob);
    }

    private void compareBatching(DiffusionPipeline pipeline, SchedulerKind scheduler) throws Exception {
        int repeats = Math.max(3, jobs / 2);
        long[] batched = new long[repeats];
        long[] separate = new long[repeats];
        String prompt = "a blue circle left of a yellow square";
        for (int r = -1; r < repeats; r++) {
            long start = System.nanoTime();
            pipeline.run(ImageRequest.generate(prompt, imagesPerJob, pipeline.nativeSizePixels(), r * 100L, steps,
                    pipeline.folder().recommendedGuidance(), scheduler), ProgressListener.NONE);
            long middle = System.nanoTime();
            for (int k = 0; k < imagesPerJob; k++) {
                pipeline.run(ImageRequest.generate(prompt, 1, pipeline.nativeSizePixels(), r * 100L + k, steps,
                        pipeline.folder().recommendedGuidance(), scheduler), ProgressListener.NONE);
            }
            if (r >= 0) {
                batched[r] = middle - start;
                separate[r] = System.nanoTime() - middle;
            }
        }
        Arrays.sort(batched);
        Arrays.sort(separate);
        double batchedMillis = batched[repeats / 2] / 1e6;
        double separateMillis = separate[repeats / 2] / 1e6;
        report.printf(Locale.ROOT, "%n%d images at native size, median of %d: one batch %.1f ms, %d separate runs %.1f ms,"
                + " separate/batched = %.2fx%n", imagesPerJob, repeats, batchedMillis, imagesPerJob, separateMillis,
                separateMillis / batchedMillis);
    }

    private static StageTimings timings(JobProcessor.Work work) {
        return work.pipeline().orElseThrow();
    }

    private void row(String label, List<JobProcessor.Work> works, ToLongFunction<JobProcessor.Work> nanos) {
        report.printf(Locale.ROOT, "  %-18s %9.2f%n", label, median(works, nanos) / 1e6);
    }

    private static double median(List<JobProcessor.Work> works, ToLongFunction<JobProcessor.Work> nanos) {
        long[] values = works.stream().mapToLong(nanos).sorted().toArray();
        return values[values.length / 2];
    }
}
