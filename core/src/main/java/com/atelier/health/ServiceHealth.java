package com.atelier.health;

/** What one backing service answered to a cheap, read-only call. */
public record ServiceHealth(String service, boolean up, long latencyMillis, String error) {

    public static ServiceHealth up(String service, long latencyMillis) {
        return new ServiceHealth(service, true, latencyMillis, null);
    }

    public static ServiceHealth down(String service, long latencyMillis, String error) {
        return new ServiceHealth(service, false, latencyMillis, error);
    }
}
