package com.atelier.local.client;

/** A failure the client explains in one line, with the exit code that says which kind it is. */
public final class ClientException extends RuntimeException {

    private final ExitCode exitCode;

    public ClientException(ExitCode exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public ExitCode exitCode() {
        return exitCode;
    }
}
