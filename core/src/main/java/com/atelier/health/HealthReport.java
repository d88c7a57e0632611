package com.atelier.health;

import java.util.List;

/** The state of every backing service; healthy only when all are up. */
public record HealthReport(List<ServiceHealth> services) {

    public HealthReport {
        services = List.copyOf(services);
    }

    public boolean healthy() {
        return services.stream().allMatch(ServiceHealth::up);
    }
}
