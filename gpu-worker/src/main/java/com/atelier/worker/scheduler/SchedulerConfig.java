package com.atelier.worker.scheduler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What a model's {@code scheduler/scheduler_config.json} says about its training noise (diffusers'
 * field names). {@code timestepSpacing} is empty when the file leaves it to each scheduler's default.
 */
public record SchedulerConfig(
        int trainTimesteps,
        double betaStart,
        double betaEnd,
        BetaSchedule betaSchedule,
        PredictionType predictionType,
        int stepsOffset,
        boolean setAlphaToOne,
        Optional<TimestepSpacing> timestepSpacing) {

    public enum BetaSchedule { LINEAR, SCALED_LINEAR, SQUAREDCOS_CAP_V2 }

    public enum PredictionType { EPSILON, V_PREDICTION, SAMPLE }

    public enum TimestepSpacing { LINSPACE, LEADING, TRAILING }

    /** Stable Diffusion 1.x's training noise. */
    public static SchedulerConfig stableDiffusion() {
        return new SchedulerConfig(1000, 0.00085, 0.012, BetaSchedule.SCALED_LINEAR, PredictionType.EPSILON,
                1, false, Optional.empty());
    }

    public static SchedulerConfig read(Path file) {
        try {
            JsonNode config = new ObjectMapper().readTree(file.toFile());
            SchedulerConfig defaults = stableDiffusion();
            return new SchedulerConfig(
                    config.path("num_train_timesteps").asInt(defaults.trainTimesteps()),
                    config.path("beta_start").asDouble(defaults.betaStart()),
                    config.path("beta_end").asDouble(defaults.betaEnd()),
                    config.hasNonNull("beta_schedule")
                            ? named(BetaSchedule.class, config.get("beta_schedule").asText(), file)
                            : defaults.betaSchedule(),
                    config.hasNonNull("prediction_type")
                            ? named(PredictionType.class, config.get("prediction_type").asText(), file)
                            : defaults.predictionType(),
                    config.path("steps_offset").asInt(0),
                    config.path("set_alpha_to_one").asBoolean(false),
                    config.hasNonNull("timestep_spacing")
                            ? Optional.of(named(TimestepSpacing.class, config.get("timestep_spacing").asText(), file))
                            : Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static <E extends Enum<E>> E named(Class<E> type, String value, Path file) {
        try {
            return Enum.valueOf(type, value.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": unsupported " + type.getSimpleName() + " '" + value + "'", e);
        }
    }
}
