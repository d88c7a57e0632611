package com.atelier.images;

import java.util.Locale;

/**
 * Where images live in the bucket. A job's results have keys fixed by the job and the image's index,
 * so a second worker finishing a job overwrites the first one's objects instead of adding to them.
 */
public final class ImageKeys {

    private ImageKeys() {
    }

    public static String result(String jobId, int index) {
        return String.format(Locale.ROOT, "results/%s/%d.png", jobId, index);
    }

    /** The index in its job of the image a {@link #result} key names. */
    public static int index(String resultKey) {
        int slash = resultKey.lastIndexOf('/');
        if (!resultKey.startsWith("results/") || slash < 0 || !resultKey.endsWith(".png")) {
            throw new IllegalArgumentException("not a result key: " + resultKey);
        }
        return Integer.parseInt(resultKey.substring(slash + 1, resultKey.length() - ".png".length()));
    }

    public static String upload(String accountId, String uploadId) {
        return "uploads/" + accountId + "/" + uploadId + ".png";
    }
}
