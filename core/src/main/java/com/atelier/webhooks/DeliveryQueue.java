package com.atelier.webhooks;

import java.time.Duration;
import java.time.Instant;

/**
 * Where deliveries wait for their next attempt. The queue holds a message back for at most
 * {@link #MAX_DELAY}; a longer wait is chained: the message carries when it is due, and the
 * dispatcher sends a message that comes back early on again (never a function that sleeps).
 */
public interface DeliveryQueue {

    /** SQS's limit on a message's delay. */
    Duration MAX_DELAY = Duration.ofMinutes(15);

    /**
     * @param attempt the number of the attempt the message is for, from 1
     * @param dueAt   when it should be made
     * @param manual  a retry asked for through the API: one attempt, no schedule after it
     */
    record Message(String deliveryId, int attempt, Instant dueAt, boolean manual) {
    }

    void send(Message message, Duration delay);
}
