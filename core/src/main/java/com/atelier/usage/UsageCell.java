package com.atelier.usage;

import com.atelier.jobs.JobKind;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The finest grain usage is counted at: which account (OpenAI's {@code project_id}), through which
 * API (OpenAI's {@code source}: {@code image.generation}, {@code image.edit}, {@code image.variation}),
 * at which size, with which model, key and end user. Queries filter and group cells in memory.
 */
public record UsageCell(String accountId, String source, String size, String model, Optional<String> apiKeyId,
                        Optional<String> endUser) {

    public UsageCell {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(size, "size");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(apiKeyId, "apiKeyId");
        Objects.requireNonNull(endUser, "endUser");
    }

    /** OpenAI's name for the API a job came through. */
    public static String sourceOf(JobKind kind) {
        return "image." + kind.name().toLowerCase(Locale.ROOT);
    }

    /** OpenAI's name for a square size, {@code 256x256}. */
    public static String sizeOf(int sidePixels) {
        return sidePixels + "x" + sidePixels;
    }
}
