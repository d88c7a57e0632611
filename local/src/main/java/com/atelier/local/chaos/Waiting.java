package com.atelier.local.chaos;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polling with a deadline, for a suite that waits on processes and servers it does not control. */
final class Waiting {

    private Waiting() {
    }

    /** @return whether the condition held before the deadline */
    static boolean until(Duration limit, Duration interval, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause(interval);
        }
        return true;
    }

    static void pause(Duration interval) {
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
