package com.atelier.moderation;

import java.util.Arrays;

/** What the content policy blocks in a prompt. */
public enum ModerationCategory {
    SEXUAL("sexual"),
    VIOLENCE("violence"),
    SELF_HARM("self-harm"),
    HATE("hate"),
    ILLEGAL("illegal"),
    PUBLIC_FIGURE("public-figure");

    private final String label;

    ModerationCategory(String label) {
        this.label = label;
    }

    /** The name used in data files, answers and the evaluation set. */
    public String label() {
        return label;
    }

    public static ModerationCategory fromLabel(String label) {
        return Arrays.stream(values()).filter(category -> category.label.equals(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown moderation category '" + label + "'"));
    }
}
