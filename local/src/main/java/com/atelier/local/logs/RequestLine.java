package com.atelier.local.logs;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One request through the local gateway as the console shows it, after the time the layout adds:
 * {@code POST /v1/images/generations 200 5123 ms account=acct-demo job=job_1f…}.
 */
public record RequestLine(String method, String path, int status, long millis, Optional<String> accountId,
                          Optional<String> jobId) {

    /** A job's own routes name it in the path. */
    private static final Pattern JOB_IN_PATH = Pattern.compile("^/v1/jobs/(job_[A-Za-z0-9-]+)");

    /** The line, with the job the function named or else the one in the path. */
    public static RequestLine of(String method, String pathAndQuery, int status, long millis, Attribution attribution) {
        String path = pathAndQuery.split("\\?", 2)[0];
        Optional<String> job = attribution.jobId();
        if (job.isEmpty()) {
            Matcher inPath = JOB_IN_PATH.matcher(path);
            job = inPath.find() ? Optional.of(inPath.group(1)) : Optional.empty();
        }
        return new RequestLine(method, path, status, millis, attribution.accountId(), job);
    }

    public String message() {
        StringBuilder line = new StringBuilder()
                .append(method).append(' ').append(path).append(' ').append(status).append(' ').append(millis).append(" ms");
        accountId.ifPresent(account -> line.append(" account=").append(account));
        jobId.ifPresent(job -> line.append(" job=").append(job));
        return line.toString();
    }

    /** What a request's function wrote about it: the account it authenticated, the job it made or read. */
    public record Attribution(Optional<String> accountId, Optional<String> jobId) {

        public static final Attribution NONE = new Attribution(Optional.empty(), Optional.empty());

        Attribution with(Optional<String> account, Optional<String> job) {
            return new Attribution(account.or(() -> accountId), job.or(() -> jobId));
        }
    }
}
