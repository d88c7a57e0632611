package com.atelier.worker.pipeline;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import com.atelier.jobs.JobKind;
import com.atelier.worker.scheduler.GaussianNoise;
import com.atelier.worker.scheduler.NoiseSchedule;
import com.atelier.worker.scheduler.Scheduler;
import com.atelier.worker.scheduler.SchedulerConfig;
import com.atelier.worker.tokenizer.ClipTokenizer;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Text-to-image, inpainting and img2img on a Stable-Diffusion ONNX folder: tokenizer, text encoder,
 * UNet with classifier-free guidance as one batched call per step, a scheduler, the VAE and the optional
 * safety checker. Images are made at the model's native size and resampled to the size asked for.
 * The pipeline is safe to use from one thread at a time per job; ONNX Runtime sessions themselves
 * are shared. Each run measures its own device time (see {@link DeviceTime}).
 */
public final class DiffusionPipeline implements AutoCloseable {

    private static final int DEFAULT_NATIVE_SIZE = 512;

    private final ModelFolder folder;
    private final ClipTokenizer tokenizer;
    private final TextEncoder textEncoder;
    private final UNet unet;
    private final Autoencoder autoencoder;
    private final Optional<SafetyChecker> safetyChecker;
    private final NoiseSchedule noiseSchedule;
    private final List<OnnxStage> stages;
    private final String executionProvider;
    private final int nativeSizePixels;
    private final int maxBatchImages;

    private DiffusionPipeline(ModelFolder folder, List<OnnxStage> stages, String executionProvider, int maxBatchImages) {
        this.folder = folder;
        this.tokenizer = ClipTokenizer.fromFolder(folder.tokenizer());
        this.stages = stages;
        this.textEncoder = new TextEncoder(stages.get(0));
        this.unet = new UNet(stages.get(1));
        Optional<OnnxStage> encoder = folder.vaeEncoder().isPresent() ? Optional.of(stages.get(3)) : Optional.empty();
        this.autoencoder = new Autoencoder(stages.get(2), encoder);
        this.safetyChecker = folder.safetyChecker().isPresent()
                ? Optional.of(new SafetyChecker(stages.get(stages.size() - 1))) : Optional.empty();
        this.noiseSchedule = new NoiseSchedule(SchedulerConfig.read(folder.schedulerConfig()));
        this.executionProvider = executionProvider;
        this.maxBatchImages = maxBatchImages;
        this.nativeSizePixels = folder.declaredNativeSizePixels()
                .orElseGet(() -> stages.get(1).declaredDimension("sample", 3).map(side -> (int) (side * 8))
                        .orElse(DEFAULT_NATIVE_SIZE));
    }

    public static DiffusionPipeline load(Path modelFolder, PipelineOptions options) throws OrtException {
        ModelFolder folder = ModelFolder.open(modelFolder);
        Resampler.load();
        OrtEnvironment environment = OrtEnvironment.getEnvironment();
        String provider = "CPU";
        OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions();
        sessionOptions.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        // Each session's threads would otherwise spin for a while after its run, taking the cores
        // from the Java work that follows (scheduler steps, resampling, PNG encoding).
        sessionOptions.addConfigEntry("session.intra_op.allow_spinning", "0");
        if (options.intraOpThreads() > 0) {
            sessionOptions.setIntraOpNumThreads(options.intraOpThreads());
        }
        if (options.preferCuda() && OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
            try {
                sessionOptions.addCUDA(0);
                provider = "CUDA";
            } catch (OrtException noDevice) {
                provider = "CPU (CUDA build, no usable GPU: " + noDevice.getMessage() + ")";
            }
        }
        List<OnnxStage> stages = new ArrayList<>();
        try {
            stages.add(new OnnxStage(environment, folder.textEncoder(), sessionOptions));
            stages.add(new OnnxStage(environment, folder.unet(), sessionOptions));
            stages.add(new OnnxStage(environment, folder.vaeDecoder(), sessionOptions));
            if (folder.vaeEncoder().isPresent()) {
                stages.add(new OnnxStage(environment, folder.vaeEncoder().get(), sessionOptions));
            }
            if (folder.safetyChecker().isPresent()) {
                stages.add(new OnnxStage(environment, folder.safetyChecker().get(), sessionOptions));
            }
        } catch (OrtException | RuntimeException e) {
            for (OnnxStage stage : stages) {
                stage.close();
            }
            throw e;
        }
        return new DiffusionPipeline(folder, stages, provider, options.maxBatchImages());
    }

    public String modelName() {
        return folder.name();
    }

    public ModelFolder folder() {
        return folder;
    }

    /** "CUDA" or "CPU", with the reason where a CUDA build found no GPU. */
    public String executionProvider() {
        return executionProvider;
    }

    public int nativeSizePixels() {
        return nativeSizePixels;
    }

    public ClipTokenizer tokenizer() {
        return tokenizer;
    }

    public boolean supportsImageInputs() {
        return autoencoder.canEncode();
    }

    public PipelineResult run(ImageRequest request, ProgressListener progress) throws OrtException {
        if (request.kind() != JobKind.GENERATION && !autoencoder.canEncode()) {
            throw new UnsupportedOperationException(folder.name() + " has no vae_encoder: it cannot take images");
        }
        long started = System.nanoTime();
        Timer timer = new Timer();

        boolean guided = request.guidanceScale() > 1.0;
        int[] conditional = tokenizer.encode(request.prompt());
        int[][] prompts = guided ? new int[][] {tokenizer.encode(""), conditional} : new int[][] {conditional};
        timer.tokenizer += System.nanoTime() - started;

        long mark = System.nanoTime();
        TextEncoder.Embeddings embeddings = textEncoder.encode(prompts, timer.device);
        timer.textEncoder += System.nanoTime() - mark;

        Source source = request.kind() == JobKind.GENERATION ? null : prepareSource(request, timer);
        int latentSide = nativeSizePixels / 8;
        int startStep = request.kind() == JobKind.VARIATION
                ? Math.min(request.steps() - 1, request.steps() - (int) Math.floor(request.steps() * request.strength()))
                : 0;
        int chunks = (request.images() + maxBatchImages - 1) / maxBatchImages;
        int totalSteps = chunks * (request.steps() - startStep);
        int[] completed = {0};
        ProgressListener counting = (done, total) -> progress.stepCompleted(++completed[0], totalSteps);

        int side = request.sizePixels();
        int perImage = 3 * nativeSizePixels * nativeSizePixels;
        List<BufferedImage> made = new ArrayList<>();
        List<Boolean> flagged = new ArrayList<>();
        for (int first = 0; first < request.images(); first += maxBatchImages) {
            int count = Math.min(maxBatchImages, request.images() - first);
            float[] latents = denoise(request, embeddings, source, first, count, latentSide, startStep, timer, counting);
            mark = System.nanoTime();
            float[] pixels = autoencoder.decode(latents, count, latentSide, latentSide, timer.device);
            timer.vae += System.nanoTime() - mark;
            boolean[] chunkFlags = new boolean[count];
            if (safetyChecker.isPresent()) {
                mark = System.nanoTime();
                List<BufferedImage> nativeImages = new ArrayList<>();
                for (int k = 0; k < count; k++) {
                    nativeImages.add(Pixels.toImage(pixels, k * perImage, nativeSizePixels, nativeSizePixels));
                }
                chunkFlags = safetyChecker.get().flag(nativeImages, timer.device);
                timer.safety += System.nanoTime() - mark;
            }
            mark = System.nanoTime();
            for (int k = 0; k < count; k++) {
                made.add(side == nativeSizePixels
                        ? Pixels.toImage(pixels, k * perImage, side, side)
                        : Resampler.toImage(pixels, k * perImage, nativeSizePixels, side));
            }
            timer.resample += System.nanoTime() - mark;
            for (boolean flag : chunkFlags) {
                flagged.add(flag);
            }
        }

        mark = System.nanoTime();
        List<BufferedImage> images = new ArrayList<>();
        List<Integer> flaggedIndices = new ArrayList<>();
        for (int k = 0; k < made.size(); k++) {
            if (flagged.get(k)) {
                flaggedIndices.add(k);
            } else {
                images.add(request.kind() == JobKind.EDIT ? keepUnmaskedPixels(made.get(k), request) : made.get(k));
            }
        }
        timer.resample += System.nanoTime() - mark;

        StageTimings timings = new StageTimings(timer.tokenizer, timer.textEncoder, timer.unet, timer.vae, timer.safety,
                timer.resample, timer.device.nanos(), System.nanoTime() - started);
        return new PipelineResult(images, List.copyOf(flaggedIndices), timings, folder.name(), request.steps());
    }

    private float[] denoise(ImageRequest request, TextEncoder.Embeddings embeddings, Source source, int first, int count,
                            int latentSide, int startStep, Timer timer, ProgressListener progress) throws OrtException {
        int perImage = Autoencoder.LATENT_CHANNELS * latentSide * latentSide;
        GaussianNoise noise = new GaussianNoise(request.seed() + first, count);
        Scheduler scheduler = request.scheduler().create(noiseSchedule, request.steps(), perImage);
        double[] timesteps = scheduler.timesteps();
        boolean guided = request.guidanceScale() > 1.0;

        float[] latents;
        float[] clean = source == null ? null : repeat(source.latents(), count);
        float[] blendNoise = null;
        float[] startNoise = noise.next(perImage);
        if (request.kind() == JobKind.VARIATION) {
            latents = scheduler.noised(clean, startNoise, startStep);
        } else {
            latents = scale(startNoise, (float) scheduler.initialNoiseSigma());
            if (request.kind() == JobKind.EDIT && unet.inputChannels() == 4) {
                blendNoise = noise.next(perImage);
            }
        }

        float[] hidden = batchHiddenStates(embeddings, count, guided);
        int batch = guided ? 2 * count : count;
        int channels = unet.inputChannels();
        int plane = latentSide * latentSide;
        try (UNet.Conditioning conditioning = unet.condition(hidden, batch, ClipTokenizer.CONTEXT_LENGTH, embeddings.width())) {
            for (int step = startStep; step < timesteps.length; step++) {
                float[] modelInput = scheduler.scaleModelInput(latents, step);
                if (channels == 9) {
                    modelInput = inpaintingInput(modelInput, source, count, plane);
                }
                float[] unetInput = guided ? twice(modelInput) : modelInput;
                long mark = System.nanoTime();
                float[] output = unet.predict(unetInput, batch, latentSide, latentSide, timesteps[step], conditioning, timer.device);
                timer.unet += System.nanoTime() - mark;
                float[] prediction = guided ? guide(output, request.guidanceScale()) : output;
                latents = scheduler.step(prediction, step, latents, noise);
                if (blendNoise != null) {
                    float[] known = scheduler.noised(clean, blendNoise, step + 1);
                    float[] repaint = repeat(source.latentRepaint(), count);
                    for (int i = 0; i < latents.length; i++) {
                        latents[i] = repaint[i] * latents[i] + (1 - repaint[i]) * known[i];
                    }
                }
                progress.stepCompleted(step - startStep + 1, timesteps.length - startStep);
            }
        }
        return latents;
    }

    /** The image (and, for edits, the mask) at the model's side, encoded once per job. */
    private Source prepareSource(ImageRequest request, Timer timer) throws OrtException {
        BufferedImage image = Pixels.resize(request.image().orElseThrow(), nativeSizePixels);
        float[] pixels = new float[3 * nativeSizePixels * nativeSizePixels];
        Pixels.toTensor(image, pixels, 0);
        long mark = System.nanoTime();
        float[] latents = autoencoder.encode(pixels, 1, nativeSizePixels, nativeSizePixels, timer.device);
        timer.vae += System.nanoTime() - mark;
        if (request.kind() != JobKind.EDIT) {
            return new Source(latents, null, null);
        }
        boolean[] repaint = Pixels.repaintMask(request.mask().orElse(request.image().get()), nativeSizePixels);
        int latentSide = nativeSizePixels / 8;
        float[] latentRepaint = new float[Autoencoder.LATENT_CHANNELS * latentSide * latentSide];
        for (int y = 0; y < nativeSizePixels; y++) {
            for (int x = 0; x < nativeSizePixels; x++) {
                if (repaint[y * nativeSizePixels + x]) {
                    int cell = (y / 8) * latentSide + x / 8;
                    for (int c = 0; c < Autoencoder.LATENT_CHANNELS; c++) {
                        latentRepaint[c * latentSide * latentSide + cell] = 1f;
                    }
                }
            }
        }
        float[] maskedImageLatents = null;
        if (unet.inputChannels() == 9) {
            int plane = nativeSizePixels * nativeSizePixels;
            float[] masked = pixels.clone();
            for (int i = 0; i < plane; i++) {
                if (repaint[i]) {
                    masked[i] = masked[plane + i] = masked[2 * plane + i] = 0f;
                }
            }
            mark = System.nanoTime();
            maskedImageLatents = autoencoder.encode(masked, 1, nativeSizePixels, nativeSizePixels, timer.device);
            timer.vae += System.nanoTime() - mark;
        }
        return new Source(latents, latentRepaint, maskedImageLatents);
    }

    /** The uploaded pixels outside the mask, exactly as they were, over the generated image. */
    private static BufferedImage keepUnmaskedPixels(BufferedImage generated, ImageRequest request) {
        int side = generated.getWidth();
        BufferedImage original = Pixels.resize(request.image().orElseThrow(), side);
        boolean[] repaint = Pixels.repaintMask(request.mask().orElse(request.image().get()), side);
        BufferedImage result = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        int[] made = generated.getRGB(0, 0, side, side, null, 0, side);
        int[] kept = original.getRGB(0, 0, side, side, null, 0, side);
        for (int i = 0; i < made.length; i++) {
            made[i] = repaint[i] ? made[i] : kept[i];
        }
        result.setRGB(0, 0, side, side, made, 0, side);
        return result;
    }

    /** Per image: the scaled latents, the repaint mask (one channel) and the masked image's latents. */
    private static float[] inpaintingInput(float[] scaledLatents, Source source, int count, int plane) {
        int latentValues = Autoencoder.LATENT_CHANNELS * plane;
        float[] input = new float[count * 9 * plane];
        for (int k = 0; k < count; k++) {
            int base = k * 9 * plane;
            System.arraycopy(scaledLatents, k * latentValues, input, base, latentValues);
            System.arraycopy(source.latentRepaint(), 0, input, base + latentValues, plane);
            System.arraycopy(source.maskedImageLatents(), 0, input, base + latentValues + plane, latentValues);
        }
        return input;
    }

    /** [unconditional × n; conditional × n], matching the UNet batch [latents; latents]. */
    private static float[] batchHiddenStates(TextEncoder.Embeddings embeddings, int count, boolean guided) {
        int perPrompt = embeddings.perPrompt();
        int prompts = guided ? 2 : 1;
        float[] hidden = new float[prompts * count * perPrompt];
        for (int p = 0; p < prompts; p++) {
            for (int k = 0; k < count; k++) {
                System.arraycopy(embeddings.values(), p * perPrompt, hidden, (p * count + k) * perPrompt, perPrompt);
            }
        }
        return hidden;
    }

    /** Classifier-free guidance (Ho & Salimans 2022): ε_u + g·(ε_c − ε_u). */
    private static float[] guide(float[] output, double scale) {
        int half = output.length / 2;
        float[] guided = new float[half];
        for (int i = 0; i < half; i++) {
            float unconditional = output[i];
            guided[i] = (float) (unconditional + scale * (output[half + i] - unconditional));
        }
        return guided;
    }

    private static float[] twice(float[] values) {
        float[] doubled = new float[values.length * 2];
        System.arraycopy(values, 0, doubled, 0, values.length);
        System.arraycopy(values, 0, doubled, values.length, values.length);
        return doubled;
    }

    private static float[] repeat(float[] values, int times) {
        float[] repeated = new float[values.length * times];
        for (int k = 0; k < times; k++) {
            System.arraycopy(values, 0, repeated, k * values.length, values.length);
        }
        return repeated;
    }

    private static float[] scale(float[] values, float factor) {
        float[] scaled = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            scaled[i] = values[i] * factor;
        }
        return scaled;
    }

    private record Source(float[] latents, float[] latentRepaint, float[] maskedImageLatents) {
    }

    /** Where one run's time went; one per run, so that concurrent jobs never count each other's. */
    private static final class Timer {
        final DeviceTime device = new DeviceTime();
        long tokenizer;
        long textEncoder;
        long unet;
        long vae;
        long safety;
        long resample;
    }

    @Override
    public void close() throws OrtException {
        for (OnnxStage stage : stages) {
            stage.close();
        }
    }
}
