package com.atelier.local.servers;

/**
 * The one access key the local stack's servers accept. It guards nothing but loopback servers,
 * and being fixed it lets a second shell use the stack (see {@code .atelier/local.json}).
 */
public final class LocalCredentials {

    public static final String ACCESS_KEY_ID = "atelier-local";
    public static final String SECRET_ACCESS_KEY = "atelier-local-secret";
    public static final String REGION = "us-east-1";
    public static final String ACCOUNT_ID = "000000000000";

    private LocalCredentials() {
    }
}
