package com.atelier.testkit.contracts;

import com.atelier.ratelimit.RequestCounters;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rule every {@link RequestCounters} keeps: a window's count goes up by one per call while it is
 * under the limit, and never past it, however many callers race. Windows are fresh per test, so a
 * shared table serves all tests.
 */
public abstract class RequestCountersContract {

    private final Instant forgetAfter = Instant.parse("2030-03-10T09:32:00Z");
    private final String windowKey = "acct-" + UUID.randomUUID() + "#" + 31_690_290;

    protected abstract RequestCounters counters();

    private OptionalInt increment(String windowKey, int limit) {
        return counters().incrementBelow(windowKey, limit, forgetAfter);
    }

    @Test
    void eachCallUnderTheLimitAnswersTheCountAfterIt() {
        assertThat(increment(windowKey, 3)).hasValue(1);
        assertThat(increment(windowKey, 3)).hasValue(2);
        assertThat(increment(windowKey, 3)).hasValue(3);
    }

    @Test
    void aCallAtTheLimitIsRefused() {
        for (int i = 0; i < 3; i++) {
            increment(windowKey, 3);
        }

        assertThat(increment(windowKey, 3)).isEmpty();
        assertThat(increment(windowKey, 3)).isEmpty();
    }

    @Test
    void aRefusedCallAddsNothing() {
        for (int i = 0; i < 4; i++) {
            increment(windowKey, 3);
        }

        assertThat(increment(windowKey, 10)).hasValue(4);
    }

    @Test
    void aLimitOfZeroLetsNothingThrough() {
        assertThat(increment(windowKey, 0)).isEmpty();
        assertThat(increment(windowKey, 1)).hasValue(1);
    }

    @Test
    void windowsAreCountedApart() {
        String nextMinute = "acct-" + UUID.randomUUID() + "#" + 31_690_291;
        increment(windowKey, 2);
        increment(windowKey, 2);

        assertThat(increment(nextMinute, 2)).hasValue(1);
        assertThat(increment(windowKey, 2)).isEmpty();
    }

    @Test
    void concurrentCallersNeverPassTheLimitTogether() throws Exception {
        int callers = 20;
        int limit = 7;

        List<OptionalInt> answers = raceIncrements(callers, limit);

        assertThat(answers).filteredOn(OptionalInt::isPresent).extracting(OptionalInt::getAsInt)
                .containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7);
        assertThat(answers).filteredOn(OptionalInt::isEmpty).hasSize(callers - limit);
        assertThat(increment(windowKey, limit)).isEmpty();
    }

    /** Every caller on its own thread, all released at once, so that they really race. */
    private List<OptionalInt> raceIncrements(int callers, int limit) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<OptionalInt>> calls = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                calls.add(pool.submit(() -> {
                    start.await();
                    return increment(windowKey, limit);
                }));
            }
            start.countDown();
            List<OptionalInt> answers = new ArrayList<>();
            for (Future<OptionalInt> call : calls) {
                answers.add(call.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
