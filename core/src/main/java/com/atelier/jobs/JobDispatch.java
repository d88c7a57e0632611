package com.atelier.jobs;

/** Hands accepted jobs to the GPU workers; a job may be handed over more than once, and workers expect it. */
public interface JobDispatch {

    /** @throws DispatchUnavailableException when the job could not be handed over */
    void dispatch(String jobId);

    /** The workers' queue could not take a job. */
    final class DispatchUnavailableException extends RuntimeException {
        public DispatchUnavailableException(String jobId, Throwable cause) {
            super("job " + jobId + " could not be handed to the workers", cause);
        }
    }
}
