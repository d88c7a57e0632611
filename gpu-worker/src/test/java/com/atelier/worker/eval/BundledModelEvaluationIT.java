package com.atelier.worker.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.worker.pipeline.BundledModel;
import com.atelier.worker.pipeline.DiffusionPipeline;
import com.atelier.worker.pipeline.ModelFolder;
import com.atelier.worker.pipeline.PipelineOptions;
import com.atelier.worker.scheduler.SchedulerKind;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The bundled model's evaluation through the worker's own pipeline: every held-out caption, one image
 * each at 20 steps with guidance, on CPU with fixed seeds. It must score what its card records
 * ({@code evaluation.json}, measured on the development machine), within a margin for other CPUs'
 * floating point; the card says which of the model issue's targets those figures meet.
 */
class BundledModelEvaluationIT {

    /** Another CPU may round a few values differently and turn a borderline image: a few captions' worth. */
    private static final double MARGIN = 0.04;

    @Test
    void theBundledModelFollowsHeldOutCaptionsAsWellAsItsCardSays() throws Exception {
        Path folder = BundledModel.folder();
        JsonNode recorded = new ObjectMapper().readTree(folder.resolve("evaluation.json").toFile());
        List<String> captions = ModelEvaluation.readCaptions(folder.resolve("held-out-captions.txt"));
        assertThat(captions).hasSizeGreaterThanOrEqualTo(100);
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        ModelEvaluation.Figures figures;
        try (DiffusionPipeline pipeline = DiffusionPipeline.load(folder, new PipelineOptions(false, 0, 10))) {
            figures = ModelEvaluation.run(pipeline, captions, new ModelEvaluation.Settings(20,
                    ModelFolder.open(folder).recommendedGuidance(), SchedulerKind.DPM_SOLVER_MULTISTEP, 1000, Optional.empty()),
                    new PrintStream(report, true, StandardCharsets.UTF_8));
        }
        String printed = report.toString(StandardCharsets.UTF_8).strip();
        System.out.println(printed.substring(printed.lastIndexOf('\n', printed.lastIndexOf('\n') - 1) + 1));
        assertThat(printed).endsWith(figures.summaryLine());
        assertThat(figures.singleCaptions()).isGreaterThanOrEqualTo(60);
        assertThat(figures.pairCaptions()).isGreaterThanOrEqualTo(40);
        assertThat(figures.colour()).isGreaterThanOrEqualTo(recorded.get("color").asDouble() - MARGIN);
        assertThat(figures.shape()).isGreaterThanOrEqualTo(recorded.get("shape").asDouble() - MARGIN);
        assertThat(figures.position()).isGreaterThanOrEqualTo(recorded.get("position").asDouble() - MARGIN);
        assertThat(figures.binding()).isGreaterThanOrEqualTo(recorded.get("binding").asDouble() - MARGIN);
        if (recorded.path("meets_targets").asBoolean()) {
            assertThat(figures.meets(ModelEvaluation.TARGETS)).as("%s against the targets %s", figures.summaryLine(),
                    ModelEvaluation.TARGETS.summaryLine()).isTrue();
        }
    }
}
