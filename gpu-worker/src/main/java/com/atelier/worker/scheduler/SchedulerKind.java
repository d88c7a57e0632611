package com.atelier.worker.scheduler;

import java.util.Locale;

/** The samplers a job may ask for, by the names diffusers gives their classes' families. */
public enum SchedulerKind {
    EULER_ANCESTRAL, DDIM, DPM_SOLVER_MULTISTEP;

    public Scheduler create(NoiseSchedule schedule, int steps, int valuesPerImage) {
        return switch (this) {
            case EULER_ANCESTRAL -> new EulerAncestralScheduler(schedule, steps, valuesPerImage);
            case DDIM -> new DdimScheduler(schedule, steps);
            case DPM_SOLVER_MULTISTEP -> new DpmSolverMultistepScheduler(schedule, steps);
        };
    }

    /** {@code euler-ancestral}, {@code ddim} or {@code dpm-solver-multistep} (case and separators free). */
    public static SchedulerKind named(String name) {
        String key = name.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        if (key.equals("DPMPP_2M") || key.equals("DPM++_2M")) {
            return DPM_SOLVER_MULTISTEP;
        }
        return valueOf(key);
    }
}
