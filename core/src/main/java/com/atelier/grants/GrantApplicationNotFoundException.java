package com.atelier.grants;

/** No application has this id. */
public final class GrantApplicationNotFoundException extends RuntimeException {

    private final String applicationId;

    public GrantApplicationNotFoundException(String applicationId) {
        super("no grant application " + applicationId);
        this.applicationId = applicationId;
    }

    public String applicationId() {
        return applicationId;
    }
}
