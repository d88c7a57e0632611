package com.atelier.usage;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * The widths of OpenAI's usage buckets, with the default and largest {@code limit} its API reference
 * gives each (buckets per page).
 */
public enum BucketWidth {
    MINUTE("1m", Duration.ofMinutes(1), 60, 1440),
    HOUR("1h", Duration.ofHours(1), 24, 168),
    DAY("1d", Duration.ofDays(1), 7, 31);

    private final String wireName;
    private final Duration length;
    private final int defaultLimit;
    private final int maxLimit;

    BucketWidth(String wireName, Duration length, int defaultLimit, int maxLimit) {
        this.wireName = wireName;
        this.length = length;
        this.defaultLimit = defaultLimit;
        this.maxLimit = maxLimit;
    }

    public static Optional<BucketWidth> named(String wireName) {
        return Arrays.stream(values()).filter(width -> width.wireName.equals(wireName)).findFirst();
    }

    public String wireName() {
        return wireName;
    }

    public Duration length() {
        return length;
    }

    public int defaultLimit() {
        return defaultLimit;
    }

    public int maxLimit() {
        return maxLimit;
    }

    /** The start of the bucket holding {@code at}: buckets are aligned on UTC minutes, hours and days. */
    public Instant bucketStart(Instant at) {
        long seconds = length.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), seconds) * seconds);
    }
}
