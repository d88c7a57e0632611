package com.atelier.testkit.webhooks;

import com.atelier.webhooks.DeliveryQueue;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** Keeps what was sent, with its delay, for a test to hand to the dispatcher. */
public final class InMemoryDeliveryQueue implements DeliveryQueue {

    public record Sent(Message message, Duration delay) {
    }

    private final Deque<Sent> waiting = new ArrayDeque<>();
    private final List<Sent> all = new ArrayList<>();

    @Override
    public synchronized void send(Message message, Duration delay) {
        if (delay.isNegative() || delay.compareTo(MAX_DELAY) > 0) {
            throw new IllegalArgumentException("SQS refuses a delay of " + delay);
        }
        waiting.add(new Sent(message, delay));
        all.add(new Sent(message, delay));
    }

    public synchronized Optional<Sent> take() {
        return Optional.ofNullable(waiting.poll());
    }

    public synchronized List<Sent> sent() {
        return List.copyOf(all);
    }
}
