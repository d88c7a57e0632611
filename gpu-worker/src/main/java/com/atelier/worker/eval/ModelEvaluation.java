package com.atelier.worker.eval;

import ai.onnxruntime.OrtException;
import com.atelier.worker.eval.SceneScorer.FoundObject;
import com.atelier.worker.eval.SceneScorer.Judgement;
import com.atelier.worker.pipeline.DiffusionPipeline;
import com.atelier.worker.pipeline.ImageRequest;
import com.atelier.worker.pipeline.PipelineResult;
import com.atelier.worker.pipeline.ProgressListener;
import com.atelier.worker.scheduler.SchedulerKind;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;

/**
 * Prompt adherence of the bundled model: one image per caption through the worker's own pipeline
 * (CPU, fixed seeds), each judged by {@link SceneScorer}. Colour, shape and position accuracy come
 * from single-object captions (position where the caption states one); binding is the share of
 * two-object captions whose objects both show their own colour and shape in the stated arrangement.
 */
public final class ModelEvaluation {

    /** Targets of the model issue: colour, shape, position, binding. */
    public static final Figures TARGETS = new Figures(0.9, 0.8, 0.8, 0.6, 0, 0, 0, 0);

    public record Settings(int steps, double guidanceScale, SchedulerKind scheduler, long seed, Optional<Path> imagesFolder) {
    }

    /** Accuracies in [0, 1], NaN where no caption of the file measures one. */
    public record Figures(double colour, double shape, double position, double binding, int singleCaptions,
                          int positionedCaptions, int pairCaptions, long millisPerImage) {

        public String summaryLine() {
            return "color=" + figure(colour) + " shape=" + figure(shape) + " position=" + figure(position)
                    + " binding=" + figure(binding);
        }

        private static String figure(double value) {
            return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
        }

        public boolean meets(Figures targets) {
            return colour >= targets.colour && shape >= targets.shape && position >= targets.position
                    && binding >= targets.binding;
        }
    }

    private ModelEvaluation() {
    }

    public static List<String> readCaptions(Path file) {
        try {
            return Files.readAllLines(file).stream().map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public static Figures run(DiffusionPipeline pipeline, List<String> captions, Settings settings, PrintStream out)
            throws OrtException {
        SceneScorer scorer = new SceneScorer();
        int singles = 0;
        int colourRight = 0;
        int shapeRight = 0;
        int positioned = 0;
        int positionRight = 0;
        int pairs = 0;
        int bound = 0;
        int pairColoursBound = 0;
        int pairShapesBound = 0;
        long started = System.nanoTime();
        for (int index = 0; index < captions.size(); index++) {
            String text = captions.get(index);
            SceneCaption caption = SceneCaption.parse(text).orElseThrow(
                    () -> new IllegalArgumentException("not a caption of the model's grammar: " + text));
            ImageRequest request = ImageRequest.generate(text, 1, pipeline.nativeSizePixels(), settings.seed() + index,
                    settings.steps(), settings.guidanceScale(), settings.scheduler());
            PipelineResult result = pipeline.run(request, ProgressListener.NONE);
            BufferedImage image = result.images().get(0);
            if (settings.imagesFolder().isPresent()) {
                save(image, settings.imagesFolder().get().resolve(String.format(Locale.ROOT, "%03d.png", index)));
            }
            Judgement judgement = scorer.judge(caption, image);
            if (caption.isPair()) {
                pairs++;
                bound += judgement.bindingRight().orElse(false) ? 1 : 0;
                pairColoursBound += judgement.colourRight() ? 1 : 0;
                pairShapesBound += judgement.shapeRight() ? 1 : 0;
            } else {
                singles++;
                colourRight += judgement.colourRight() ? 1 : 0;
                shapeRight += judgement.shapeRight() ? 1 : 0;
                if (judgement.positionRight().isPresent()) {
                    positioned++;
                    positionRight += judgement.positionRight().get() ? 1 : 0;
                }
            }
            out.println(String.format(Locale.ROOT, "%03d %s %-60s found %s", index, verdict(judgement), text,
                    describe(judgement.found())));
        }
        long millisPerImage = captions.isEmpty() ? 0 : (System.nanoTime() - started) / 1_000_000 / captions.size();
        Figures figures = new Figures(ratio(colourRight, singles), ratio(shapeRight, singles),
                ratio(positionRight, positioned), ratio(bound, pairs), singles, positioned, pairs, millisPerImage);
        out.println(String.format(Locale.ROOT,
                "%d single-object captions (%d with a position), %d two-object captions; %d steps, guidance %.1f, %s, %d ms per image on %s",
                singles, positioned, pairs, settings.steps(), settings.guidanceScale(), settings.scheduler(),
                millisPerImage, pipeline.executionProvider()));
        out.println(String.format(Locale.ROOT, "two-object captions: both colours on the right objects %.3f, both shapes"
                + " %.3f, both colours and shapes (binding) %.3f", ratio(pairColoursBound, pairs), ratio(pairShapesBound, pairs),
                ratio(bound, pairs)));
        out.println(figures.summaryLine());
        return figures;
    }

    private static String verdict(Judgement judgement) {
        boolean right = judgement.bindingRight().orElse(judgement.colourRight() && judgement.shapeRight()
                && judgement.positionRight().orElse(true));
        return right ? "ok  " : "MISS";
    }

    private static String describe(List<FoundObject> found) {
        if (found.isEmpty()) {
            return "nothing";
        }
        List<String> parts = new ArrayList<>();
        for (FoundObject object : found.subList(0, Math.min(3, found.size()))) {
            parts.add(String.format(Locale.ROOT, "%s %s at (%.0f,%.0f)", object.colour(), object.shape(),
                    object.centreX(), object.centreY()));
        }
        return String.join(", ", parts);
    }

    private static double ratio(int right, int total) {
        return total == 0 ? Double.NaN : (double) right / total;
    }

    private static void save(BufferedImage image, Path file) {
        try {
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
