package com.atelier.testkit;

import com.atelier.review.ReviewLog;
import com.atelier.testkit.contracts.ReviewLogContract;

class InMemoryReviewLogTest extends ReviewLogContract {

    private final InMemoryReviewLog adapter = new InMemoryReviewLog();

    @Override
    protected ReviewLog log() {
        return adapter;
    }
}
