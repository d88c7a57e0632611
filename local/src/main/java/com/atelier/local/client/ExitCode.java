package com.atelier.local.client;

/** What {@code ./atelier generate|edit|vary} exits with, so that scripts can tell failures apart. */
public enum ExitCode {
    IMAGES_WRITTEN(0),
    JOB_FAILED(1),
    /** picocli's own code for a command line it cannot parse. */
    USAGE(2),
    NO_STACK(3),
    BAD_API_KEY(4),
    NO_CREDITS(5),
    REFUSED(6),
    /** Any other refusal of the API: an invalid parameter, the rate limit; its message says which. */
    INVALID_REQUEST(7);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
