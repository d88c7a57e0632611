package com.atelier.testkit;

import com.atelier.testkit.contracts.UsageCountersContract;
import com.atelier.usage.UsageCounters;

class InMemoryUsageCountersTest extends UsageCountersContract {

    private final InMemoryUsageCounters counters = new InMemoryUsageCounters();

    @Override
    protected UsageCounters counters() {
        return counters;
    }
}
