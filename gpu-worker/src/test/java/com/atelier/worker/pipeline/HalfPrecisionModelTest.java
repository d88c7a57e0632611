package com.atelier.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.atelier.worker.scheduler.SchedulerKind;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A model whose tensors are float16 (with int32 token ids and a float16 scalar timestep) gives the
 * images of the same weights behind float32 tensors, but for float16's rounding. Both folders are
 * exported by models/recipe/test_float16_models.py from one small random-weight model.
 */
class HalfPrecisionModelTest {

    private static Path fixture(String name) throws Exception {
        return Path.of(HalfPrecisionModelTest.class.getResource("/float16-interface/" + name).toURI());
    }

    private static TensorInfo input(Path model, String name) throws Exception {
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        try (OrtSession session = environment.createSession(model.toString(), new OrtSession.SessionOptions())) {
            return (TensorInfo) session.getInputInfo().get(name).getInfo();
        }
    }

    private static BufferedImage[] generate(Path folder, String prompt) throws Exception {
        try (DiffusionPipeline pipeline = DiffusionPipeline.load(folder, new PipelineOptions(false, 0, 10))) {
            PipelineResult result = pipeline.run(
                    ImageRequest.generate(prompt, 2, 32, 5, 6, 3.0, SchedulerKind.EULER_ANCESTRAL), ProgressListener.NONE);
            return result.images().toArray(BufferedImage[]::new);
        }
    }

    @Test
    void theHalfPrecisionFixtureDeclaresTheTypesItStandsFor() throws Exception {
        Path half = fixture("float16");
        assertThat(input(half.resolve("text_encoder/model.onnx"), "input_ids").type).isEqualTo(OnnxJavaType.INT32);
        TensorInfo timestep = input(half.resolve("unet/model.onnx"), "timestep");
        assertThat(timestep.type).isEqualTo(OnnxJavaType.FLOAT16);
        assertThat(timestep.getShape()).isEmpty();
        assertThat(input(half.resolve("unet/model.onnx"), "sample").type).isEqualTo(OnnxJavaType.FLOAT16);
        assertThat(input(half.resolve("unet/model.onnx"), "encoder_hidden_states").type).isEqualTo(OnnxJavaType.FLOAT16);
        assertThat(input(half.resolve("vae_decoder/model.onnx"), "latent_sample").type).isEqualTo(OnnxJavaType.FLOAT16);
        assertThat(input(fixture("float32").resolve("unet/model.onnx"), "timestep").type).isEqualTo(OnnxJavaType.INT64);
    }

    @Test
    void aHalfPrecisionModelMakesTheImagesOfItsFullPrecisionTwin() throws Exception {
        String prompt = "a red circle on the left";
        BufferedImage[] full = generate(fixture("float32"), prompt);
        BufferedImage[] half = generate(fixture("float16"), prompt);
        BufferedImage[] otherPrompt = generate(fixture("float16"), "a blue square at the top");
        assertThat(half).hasSize(2);
        for (int k = 0; k < 2; k++) {
            assertThat(meanDifference(half[k], full[k])).as("image %d, float16 against float32", k).isLessThan(0.5);
            assertThat(maxDifference(half[k], full[k])).as("image %d, float16 against float32", k).isLessThanOrEqualTo(6);
            // The comparison means something only if the images depend on what the model is given.
            assertThat(meanDifference(half[k], otherPrompt[k])).as("image %d, another prompt", k).isGreaterThan(3.0);
        }
        assertThat(meanDifference(half[0], half[1])).as("two seeds").isGreaterThan(3.0);
    }

    private static double meanDifference(BufferedImage a, BufferedImage b) {
        long total = 0;
        int side = a.getWidth();
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                total += channelDifferences(a.getRGB(x, y), b.getRGB(x, y), false);
            }
        }
        return total / (3.0 * side * side);
    }

    private static int maxDifference(BufferedImage a, BufferedImage b) {
        int largest = 0;
        int side = a.getWidth();
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                largest = Math.max(largest, channelDifferences(a.getRGB(x, y), b.getRGB(x, y), true));
            }
        }
        return largest;
    }

    /** The sum, or the largest, of the three channels' absolute differences. */
    private static int channelDifferences(int first, int second, boolean largest) {
        int result = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            int difference = Math.abs(((first >> shift) & 0xff) - ((second >> shift) & 0xff));
            result = largest ? Math.max(result, difference) : result + difference;
        }
        return result;
    }
}
