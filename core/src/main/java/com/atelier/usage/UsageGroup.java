package com.atelier.usage;

import java.util.Arrays;
import java.util.Optional;

/** The fields OpenAI's images usage can be grouped and filtered by, with their wire names. */
public enum UsageGroup {
    PROJECT_ID("project_id"),
    USER_ID("user_id"),
    API_KEY_ID("api_key_id"),
    MODEL("model"),
    SIZE("size"),
    SOURCE("source");

    private final String wireName;

    UsageGroup(String wireName) {
        this.wireName = wireName;
    }

    public static Optional<UsageGroup> named(String wireName) {
        return Arrays.stream(values()).filter(group -> group.wireName.equals(wireName)).findFirst();
    }

    public String wireName() {
        return wireName;
    }

    /** The cell's value of this field; absent for a job with no key or no end user. */
    public Optional<String> of(UsageCell cell) {
        return switch (this) {
            case PROJECT_ID -> Optional.of(cell.accountId());
            case USER_ID -> cell.endUser();
            case API_KEY_ID -> cell.apiKeyId();
            case MODEL -> Optional.of(cell.model());
            case SIZE -> Optional.of(cell.size());
            case SOURCE -> Optional.of(cell.source());
        };
    }
}
