package com.atelier.images;

import com.atelier.jobs.JobKind;
import java.util.List;
import java.util.Optional;

/** What makes two image requests the same request, for Idempotency-Key: every field, uploads by their hash. */
final class RequestFingerprint {

    private RequestFingerprint() {
    }

    static String of(JobKind kind, String prompt, int images, ImageSize size, Optional<String> user,
                     Optional<Long> seed, List<String> uploadHashes) {
        return String.join("\n", kind.name().toLowerCase(), prompt, Integer.toString(images), size.apiName(),
                user.orElse(""), seed.map(String::valueOf).orElse(""), String.join("\n", uploadHashes));
    }
}
