package com.atelier.costs;

import java.util.Arrays;
import java.util.Optional;

/** What Atelier's costs are made of, as the costs route names them in {@code line_item}. */
public enum CostLineItem {
    GPU_TIME("GPU time"),
    FUNCTIONS("Functions"),
    API_REQUESTS("API requests"),
    DATABASE("Database"),
    QUEUE("Queue"),
    STORAGE("Storage"),
    TRANSFER("Transfer");

    private final String wireName;

    CostLineItem(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<CostLineItem> named(String wireName) {
        return Arrays.stream(values()).filter(item -> item.wireName.equals(wireName)).findFirst();
    }
}
