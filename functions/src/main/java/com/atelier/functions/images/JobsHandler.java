package com.atelier.functions.images;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.atelier.accounts.Account;
import com.atelier.api.ApiException;
import com.atelier.functions.Services;
import com.atelier.functions.http.ApiHandler;
import com.atelier.functions.http.ApiRequest;
import com.atelier.functions.http.ApiResponses;
import com.atelier.jobs.JobOutcomes;
import com.atelier.jobs.JobRecord;
import com.atelier.jobs.JobStore;
import com.atelier.paging.PageCursor;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The caller's jobs: {@code GET /v1/jobs/{id}} (progress and, once made, images and cost),
 * {@code GET /v1/jobs?limit=&after=} (newest first) and {@code DELETE /v1/jobs/{id}} (cancels a job no
 * worker has started, and refunds it). Another account's job is answered as one that does not exist.
 */
public final class JobsHandler extends ApiHandler {

    private static final int DEFAULT_PAGE = 20;
    private static final int MAX_PAGE = 100;

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
        return switch (request.routeKey()) {
            case "GET /v1/jobs/{id}" -> ApiResponses.json(200, JobViews.job(owned(caller, request), services.images()));
            case "GET /v1/jobs" -> list(caller, request);
            case "DELETE /v1/jobs/{id}" -> cancel(owned(caller, request));
            default -> throw new IllegalStateException("no route " + request.routeKey() + " in " + getClass().getSimpleName());
        };
    }

    private JobRecord owned(Account caller, ApiRequest request) {
        String jobId = request.pathParameter("id");
        return services.jobs().find(jobId).filter(found -> found.accountId().equals(caller.accountId()))
                .orElseThrow(() -> ApiException.notFound("Job '" + jobId + "'"));
    }

    private APIGatewayV2HTTPResponse list(Account caller, ApiRequest request) {
        JobStore.JobPage page;
        try {
            page = services.jobs().page(caller.accountId(), request.pageLimit(DEFAULT_PAGE, MAX_PAGE), request.query("after"));
        } catch (PageCursor.InvalidCursorException e) {
            throw ApiException.invalidRequest("after", "The cursor is not one this API returned.");
        }
        ObjectNode answer = ApiResponses.JSON.createObjectNode().put("object", "list");
        ArrayNode data = answer.putArray("data");
        page.jobs().forEach(job -> data.add(JobViews.job(job, services.images())));
        answer.put("has_more", page.nextCursor().isPresent());
        if (page.nextCursor().isPresent()) {
            answer.put("next_cursor", page.nextCursor().get());
        } else {
            answer.putNull("next_cursor");
        }
        return ApiResponses.json(200, answer);
    }

    private APIGatewayV2HTTPResponse cancel(JobRecord job) {
        JobOutcomes.Cancellation outcome = services.jobOutcomes().cancel(job);
        return switch (outcome) {
            case CANCELLED -> ApiResponses.json(200, JobViews.job(services.jobs().find(job.jobId()).orElseThrow(),
                    services.images()));
            case ALREADY_RUNNING -> throw ApiException.conflict(null, "The job is being made and can no longer be cancelled.");
            case ALREADY_FINISHED -> throw ApiException.conflict(null, "The job has finished and can no longer be cancelled.");
        };
    }
}
