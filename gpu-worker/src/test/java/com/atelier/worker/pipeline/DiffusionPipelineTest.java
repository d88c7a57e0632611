package com.atelier.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.jobs.JobKind;
import com.atelier.worker.eval.SceneScorer;
import com.atelier.worker.scheduler.SchedulerKind;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pipeline on the bundled model, on this machine's CPU. */
class DiffusionPipelineTest {

    private static final String PROMPT = "a red circle on the left on a white background";
    private static DiffusionPipeline pipeline;

    @BeforeAll
    static void load() throws Exception {
        pipeline = DiffusionPipeline.load(BundledModel.folder(), new PipelineOptions(false, 0, 10));
    }

    @AfterAll
    static void close() throws Exception {
        pipeline.close();
    }

    private static ImageRequest generation(long seed, int images, int size, SchedulerKind scheduler) {
        return ImageRequest.generate(PROMPT, images, size, seed, 12, 5.0, scheduler);
    }

    private static int[] pixels(BufferedImage image) {
        return image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
    }

    @Test
    void theSameSeedMakesTheSameImagesWithEveryScheduler() throws Exception {
        for (SchedulerKind scheduler : SchedulerKind.values()) {
            PipelineResult first = pipeline.run(generation(42, 2, 64, scheduler), ProgressListener.NONE);
            PipelineResult again = pipeline.run(generation(42, 2, 64, scheduler), ProgressListener.NONE);
            PipelineResult other = pipeline.run(generation(43, 2, 64, scheduler), ProgressListener.NONE);
            for (int k = 0; k < 2; k++) {
                assertThat(pixels(again.images().get(k))).as("%s image %d", scheduler, k)
                        .containsExactly(pixels(first.images().get(k)));
                assertThat(pixels(other.images().get(k))).as("%s image %d", scheduler, k)
                        .isNotEqualTo(pixels(first.images().get(k)));
            }
        }
    }

    @Test
    void makesTheAskedNumberOfImagesAtTheAskedSize() throws Exception {
        PipelineResult result = pipeline.run(generation(7, 3, 256, SchedulerKind.EULER_ANCESTRAL), ProgressListener.NONE);
        assertThat(result.images()).hasSize(3).allSatisfy(image -> {
            assertThat(image.getWidth()).isEqualTo(256);
            assertThat(image.getHeight()).isEqualTo(256);
        });
        assertThat(result.flaggedImages()).isZero();
        assertThat(result.timings().unetNanos()).isPositive();
        assertThat(result.timings().onnxRunNanos()).isLessThanOrEqualTo(result.timings().totalNanos());
    }

    @Test
    void concurrentRunsEachReportOnlyTheirOwnDeviceTime() throws Exception {
        // One run pauses after its first step while a second, larger run goes from start to end on
        // another thread: the pipeline is shared by both, but their device work never overlaps, so
        // neither may count the other's. The pause is forced, not timed, so the test cannot flake.
        ExecutorService otherThread = Executors.newSingleThreadExecutor();
        try {
            AtomicReference<PipelineResult> other = new AtomicReference<>();
            long[] pausedNanos = {0};
            PipelineResult paused = pipeline.run(ImageRequest.generate(PROMPT, 1, 64, 3, 2, 5.0, SchedulerKind.DDIM),
                    (done, total) -> {
                        if (done == 1) {
                            long mark = System.nanoTime();
                            try {
                                other.set(otherThread.submit(() -> pipeline.run(generation(4, 4, 64, SchedulerKind.DDIM),
                                        ProgressListener.NONE)).get());
                            } catch (InterruptedException | ExecutionException e) {
                                throw new IllegalStateException(e);
                            }
                            pausedNanos[0] = System.nanoTime() - mark;
                        }
                    });

            StageTimings first = paused.timings();
            StageTimings second = other.get().timings();
            assertThat(second.onnxRunNanos()).isPositive().isLessThanOrEqualTo(second.totalNanos());
            assertThat(first.onnxRunNanos()).as("the paused run's device time, without the other run's")
                    .isPositive().isLessThanOrEqualTo(first.totalNanos() - pausedNanos[0]);
            assertThat(first.onnxRunNanos() + second.onnxRunNanos()).as("device time, counted once")
                    .isLessThanOrEqualTo(first.totalNanos());
        } finally {
            otherThread.shutdownNow();
        }
    }

    @Test
    void reportsEveryStepInOrder() throws Exception {
        List<Integer> seen = new java.util.ArrayList<>();
        pipeline.run(generation(1, 1, 64, SchedulerKind.DDIM), (done, total) -> {
            assertThat(total).isEqualTo(12);
            seen.add(done);
        });
        assertThat(seen).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    }

    @Test
    void anImageInABatchIsTheImageOfItsSeedAlone() throws Exception {
        PipelineResult batch = pipeline.run(generation(100, 3, 64, SchedulerKind.DPM_SOLVER_MULTISTEP), ProgressListener.NONE);
        PipelineResult alone = pipeline.run(generation(102, 1, 64, SchedulerKind.DPM_SOLVER_MULTISTEP), ProgressListener.NONE);
        int[] batched = pixels(batch.images().get(2));
        int[] single = pixels(alone.images().get(0));
        int largestDifference = 0;
        for (int i = 0; i < single.length; i++) {
            for (int shift = 0; shift < 24; shift += 8) {
                largestDifference = Math.max(largestDifference, Math.abs(((batched[i] >> shift) & 0xff) - ((single[i] >> shift) & 0xff)));
            }
        }
        // Batched and single runs may sum in another order; they must agree to a level or two.
        assertThat(largestDifference).isLessThanOrEqualTo(3);
    }

    @Test
    void anEditLeavesEveryUnmaskedPixelAsItWas() throws Exception {
        BufferedImage source = scene("scene-044.png");
        BufferedImage upload = Pixels.resize(source, 256);
        BufferedImage mask = new BufferedImage(256, 256, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 256; y++) {
            for (int x = 0; x < 256; x++) {
                boolean repaint = x >= 128 && y < 128;
                mask.setRGB(x, y, repaint ? 0x00000000 : 0xff000000);
            }
        }
        ImageRequest edit = generation(5, 2, 256, SchedulerKind.EULER_ANCESTRAL)
                .withImage(JobKind.EDIT, upload, Optional.of(mask), 1.0);
        PipelineResult result = pipeline.run(edit, ProgressListener.NONE);
        assertThat(result.images()).hasSize(2);
        int[] original = pixels(upload);
        for (BufferedImage image : result.images()) {
            int[] edited = pixels(image);
            int changedInside = 0;
            for (int y = 0; y < 256; y++) {
                for (int x = 0; x < 256; x++) {
                    int i = y * 256 + x;
                    boolean repaint = x >= 128 && y < 128;
                    if (!repaint) {
                        assertThat(edited[i] & 0xffffff).as("pixel (%d,%d)", x, y).isEqualTo(original[i] & 0xffffff);
                    } else if ((edited[i] & 0xffffff) != (original[i] & 0xffffff)) {
                        changedInside++;
                    }
                }
            }
            assertThat(changedInside).as("pixels repainted in the masked quarter").isGreaterThan(1000);
        }
    }

    @Test
    void aVariationKeepsTheCompositionOfItsImage() throws Exception {
        SceneScorer scorer = new SceneScorer();
        BufferedImage source = scene("scene-044.png");
        SceneScorer.FoundObject original = scorer.findObjects(source).get(0);
        ImageRequest variation = ImageRequest.generate("", 3, 64, 11, 20, 1.0, SchedulerKind.DPM_SOLVER_MULTISTEP)
                .withImage(JobKind.VARIATION, source, Optional.empty(), ImageRequest.DEFAULT_VARIATION_STRENGTH);
        PipelineResult result = pipeline.run(variation, ProgressListener.NONE);
        assertThat(result.images()).hasSize(3);
        for (BufferedImage image : result.images()) {
            List<SceneScorer.FoundObject> found = scorer.findObjects(image);
            assertThat(found).isNotEmpty();
            SceneScorer.FoundObject main = found.get(0);
            assertThat(main.colour()).isEqualTo(original.colour());
            assertThat(Math.hypot(main.centreX() - original.centreX(), main.centreY() - original.centreY())).isLessThan(8);
        }
        assertThat(pixels(result.images().get(0))).isNotEqualTo(pixels(Pixels.resize(source, 64)));
    }

    @Test
    void imagesTheSafetyCheckerFlagsAreDroppedAndCounted(@TempDir Path copy) throws Exception {
        copyFolder(BundledModel.folder(), copy);
        Files.createDirectories(copy.resolve("safety_checker"));
        try (InputStream checker = DiffusionPipelineTest.class.getResourceAsStream("/safety-checker/model.onnx")) {
            Files.copy(checker, copy.resolve("safety_checker/model.onnx"));
        }
        try (DiffusionPipeline checked = DiffusionPipeline.load(copy, new PipelineOptions(false, 0, 10))) {
            ImageRequest red = ImageRequest.generate("a large red square in the centre on a white background", 2, 64, 3, 12,
                    5.0, SchedulerKind.DPM_SOLVER_MULTISTEP);
            PipelineResult flagged = checked.run(red, ProgressListener.NONE);
            assertThat(flagged.images()).isEmpty();
            assertThat(flagged.flaggedIndices()).containsExactly(0, 1);
            ImageRequest blue = ImageRequest.generate("a large blue square in the centre on a white background", 2, 64, 3, 12,
                    5.0, SchedulerKind.DPM_SOLVER_MULTISTEP);
            PipelineResult kept = checked.run(blue, ProgressListener.NONE);
            assertThat(kept.images()).hasSize(2);
            assertThat(kept.flaggedImages()).isZero();
        }
    }

    private static BufferedImage scene(String name) throws IOException {
        try (InputStream in = DiffusionPipelineTest.class.getResourceAsStream("/scenes/" + name)) {
            return ImageIO.read(in);
        }
    }

    private static void copyFolder(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
