package com.atelier.functions.jobs;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.atelier.functions.wiring.Wiring;
import com.atelier.jobs.StalledJobReconciler;
import com.atelier.logging.JsonLog;

/**
 * Runs {@link StalledJobReconciler} once per scheduled event (every minute): sends again the paid
 * jobs a crash left queued, cancels those that never paid. A pass that fails is logged and thrown,
 * so the schedule's metrics and alarms see it; the next minute's pass covers the same jobs.
 */
public final class StalledJobsHandler implements RequestHandler<ScheduledEvent, StalledJobReconciler.Pass> {

    private final StalledJobReconciler reconciler;

    public StalledJobsHandler() {
        // Its composition root: the jobs table, the credits it reconciles, and the queue it sends to.
        this(Wiring.fromEnvironment().stalledJobReconciler());
    }

    public StalledJobsHandler(StalledJobReconciler reconciler) {
        this.reconciler = reconciler;
    }

    @Override
    public StalledJobReconciler.Pass handleRequest(ScheduledEvent event, Context context) {
        StalledJobReconciler.Pass pass = reconciler.run();
        JsonLog.info("stalled_jobs_reconciled", JsonLog.fields()
                .put("requestId", context == null ? "unknown" : context.getAwsRequestId())
                .put("redispatched", pass.redispatched()).put("cancelled", pass.cancelled()));
        return pass;
    }
}
