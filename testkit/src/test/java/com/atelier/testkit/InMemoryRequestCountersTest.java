package com.atelier.testkit;

import com.atelier.ratelimit.RequestCounters;
import com.atelier.testkit.contracts.RequestCountersContract;

class InMemoryRequestCountersTest extends RequestCountersContract {

    private final InMemoryRequestCounters adapter = new InMemoryRequestCounters();

    @Override
    protected RequestCounters counters() {
        return adapter;
    }
}
