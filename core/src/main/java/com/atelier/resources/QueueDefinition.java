package com.atelier.resources;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One SQS standard queue.
 *
 * @param deadLetter where a message goes after it was received too often without being deleted
 */
public record QueueDefinition(
        String name,
        Duration visibilityTimeout,
        Duration messageRetention,
        Duration receiveWait,
        Optional<DeadLetterTarget> deadLetter,
        String purpose) {

    /** SQS limits: visibility up to 12 hours, retention 1 minute to 14 days, long polls up to 20 s. */
    public QueueDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(deadLetter, "deadLetter");
        Objects.requireNonNull(purpose, "purpose");
        requireWithin("visibilityTimeout", visibilityTimeout, Duration.ZERO, Duration.ofHours(12));
        requireWithin("messageRetention", messageRetention, Duration.ofMinutes(1), Duration.ofDays(14));
        requireWithin("receiveWait", receiveWait, Duration.ZERO, Duration.ofSeconds(20));
    }

    /** The redrive target of a source queue, with the number of receives after which it applies. */
    public record DeadLetterTarget(String queueName, int maxReceiveCount) {
        public DeadLetterTarget {
            Objects.requireNonNull(queueName, "queueName");
            if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
                throw new IllegalArgumentException("maxReceiveCount must be 1 to 1000, was " + maxReceiveCount);
            }
        }
    }

    private static void requireWithin(String field, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, field);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(field + " must be within " + min + " and " + max + ", was " + value);
        }
    }
}
