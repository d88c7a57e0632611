package com.atelier.jobs;

/** What a job makes; the price per credit differs (DALL-E 2 gave 4 generations or 3 edits per credit). */
public enum JobKind {
    GENERATION(4),
    EDIT(3),
    VARIATION(3);

    private final int imagesPerCredit;

    JobKind(int imagesPerCredit) {
        this.imagesPerCredit = imagesPerCredit;
    }

    public int imagesPerCredit() {
        return imagesPerCredit;
    }
}
