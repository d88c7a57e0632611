package com.atelier.worker.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.worker.pipeline.BundledModel;
import com.atelier.worker.pipeline.DiffusionPipeline;
import com.atelier.worker.pipeline.ModelFolder;
import com.atelier.worker.pipeline.PipelineOptions;
import com.atelier.worker.scheduler.SchedulerKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The model issue's targets, through the worker's own pipeline: every held-out caption of the
 * bundled model, one image each at 20 steps with guidance, on CPU with fixed seeds.
 */
class BundledModelEvaluationIT {

    @Test
    void theBundledModelFollowsHeldOutCaptionsAsWellAsItsCardSays() throws Exception {
        Path folder = BundledModel.folder();
        List<String> captions = ModelEvaluation.readCaptions(folder.resolve("held-out-captions.txt"));
        assertThat(captions).hasSizeGreaterThanOrEqualTo(100);
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        ModelEvaluation.Figures figures;
        try (DiffusionPipeline pipeline = DiffusionPipeline.load(folder, new PipelineOptions(false, 0, 10))) {
            figures = ModelEvaluation.run(pipeline, captions, new ModelEvaluation.Settings(20,
                    ModelFolder.open(folder).recommendedGuidance(), SchedulerKind.DPM_SOLVER_MULTISTEP, 1000, Optional.empty()),
                    new PrintStream(report, true, StandardCharsets.UTF_8));
        }
        String printed = report.toString(StandardCharsets.UTF_8);
        System.out.println(printed.lines().skip(Math.max(0, printed.lines().count() - 2)).reduce("", (a, b) -> a + b + "\n"));
        assertThat(printed.strip()).endsWith(figures.summaryLine());
        assertThat(figures.singleCaptions()).isGreaterThanOrEqualTo(60);
        assertThat(figures.pairCaptions()).isGreaterThanOrEqualTo(40);
        assertThat(figures.meets(ModelEvaluation.TARGETS)).as("%s against the targets %s", figures.summaryLine(),
                ModelEvaluation.TARGETS.summaryLine()).isTrue();
    }
}
