package com.atelier.local.cli;

import com.atelier.local.AtelierHome;
import com.atelier.worker.eval.ModelEvaluation;
import com.atelier.worker.pipeline.DiffusionPipeline;
import com.atelier.worker.pipeline.ModelFolder;
import com.atelier.worker.pipeline.PipelineOptions;
import com.atelier.worker.scheduler.SchedulerKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./atelier eval-model}: prompt adherence of a model of the shapes grammar, through the worker's pipeline. */
@Command(name = "eval-model", mixinStandardHelpOptions = true,
        description = "Generate an image per caption of the bundled model's grammar and score colour, shape, position "
                + "and two-object binding from the pixels; ends with 'color=… shape=… position=… binding=…'.")
final class EvalModelCommand implements Callable<Integer> {

    @Option(names = "--captions", paramLabel = "FILE",
            description = "One caption of the grammar a line (default: the model's held-out-captions.txt).")
    Path captions;

    @Option(names = "--model", paramLabel = "DIR", description = "The model folder (default: the bundled model).")
    Path model;

    @Option(names = "--steps", defaultValue = "20", description = "Sampling steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--guidance", description = "Classifier-free guidance scale (default: the model's recommended).")
    Double guidance;

    @Option(names = "--scheduler", defaultValue = "dpm-solver-multistep",
            description = "euler-ancestral, ddim or dpm-solver-multistep (default: ${DEFAULT-VALUE}).")
    String scheduler;

    @Option(names = "--seed", defaultValue = "1000", description = "Seed of the first caption; each next one adds 1.")
    long seed;

    @Option(names = "--images", paramLabel = "DIR", description = "Also write each generated image here.")
    Path images;

    @Override
    public Integer call() throws Exception {
        Path folder = model != null ? model : AtelierHome.bundledModel(AtelierHome.locate());
        Path captionFile = captions != null ? captions : folder.resolve("held-out-captions.txt");
        List<String> lines = ModelEvaluation.readCaptions(captionFile);
        try (DiffusionPipeline pipeline = DiffusionPipeline.load(folder, PipelineOptions.defaults())) {
            double guidanceScale = guidance != null ? guidance : ModelFolder.open(folder).recommendedGuidance();
            ModelEvaluation.Settings settings = new ModelEvaluation.Settings(steps, guidanceScale,
                    SchedulerKind.named(scheduler), seed, Optional.ofNullable(images));
            ModelEvaluation.run(pipeline, lines, settings, System.out);
        }
        return 0;
    }
}
