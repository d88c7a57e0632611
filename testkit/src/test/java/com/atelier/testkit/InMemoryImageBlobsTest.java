package com.atelier.testkit;

import com.atelier.images.ImageBlobs;
import com.atelier.testkit.contracts.ImageBlobsContract;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryImageBlobsTest extends ImageBlobsContract {

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final InMemoryImageBlobs blobs = new InMemoryImageBlobs(clock);

    @Override
    protected ImageBlobs blobs() {
        return blobs;
    }

    @Test
    void aStoredPngKeepsItsContentType() {
        blobs.putPng("results/job_1/0.png", new byte[] {1, 2, 3});

        assertThat(blobs.object("results/job_1/0.png").orElseThrow().contentType()).isEqualTo(ImageBlobs.PNG);
    }

    @Test
    void presignedUrlsNameTheKeyAndTheirExpiry() {
        long expires = clock.instant().plus(Duration.ofMinutes(15)).getEpochSecond();

        assertThat(blobs.presignGet("results/job_1/0.png", Duration.ofMinutes(15)).toString())
                .isEqualTo("https://images.invalid/results/job_1/0.png?expires=" + expires);
        assertThat(blobs.presignPut("uploads/a/u.png", ImageBlobs.PNG, 1234, Duration.ofMinutes(15)).toString())
                .isEqualTo("https://images.invalid/uploads/a/u.png?expires=" + expires + "&contentType=image/png&contentLength=1234");
    }
}
