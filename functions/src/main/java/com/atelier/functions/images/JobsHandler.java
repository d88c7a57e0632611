package com.atelier.functions.images;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.accounts.Account;
import com.atelier.api.ApiException;
import com.atelier.functions.Services;
import com.atelier.functions.http.ApiHandler;
import com.atelier.functions.http.ApiRequest;
import com.atelier.functions.http.ApiResponses;
import com.atelier.jobs.JobRecord;

/** {@code GET /v1/jobs/{id}}: a job of the caller's, with its progress and, once made, its images. */
public final class JobsHandler extends ApiHandler {

    private final Services services;

    public JobsHandler() {
        this(Services.shared());
    }

    public JobsHandler(Services services) {
        this.services = services;
    }

    @Override
    protected APIGatewayV2HTTPResponse handle(ApiRequest request) {
        Account caller = services.authenticator().authenticate(request.header("authorization").orElse(null));
        String jobId = request.pathParameter("id");
        // Another account's job is answered exactly as a job that does not exist.
        JobRecord job = services.jobs().find(jobId).filter(found -> found.accountId().equals(caller.accountId()))
                .orElseThrow(() -> ApiException.notFound("No job with id '" + jobId + "'."));
        return ApiResponses.json(200, JobViews.job(job, services.images()));
    }
}
