package com.atelier.testkit.contracts;

import com.atelier.images.ImageBlobs;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link ImageBlobs} keeps: a stored PNG reads back as written, a second write of a key
 * replaces the first, a key never written is found empty (never an error), and a presigned URL names
 * its object. Whether a presigned URL really opens the object is the real adapter's own test.
 */
public abstract class ImageBlobsContract {

    private final String prefix = "results/job_" + UUID.randomUUID().toString().replace("-", "");

    protected abstract ImageBlobs blobs();

    @Test
    void aStoredPngReadsBackAsWritten() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 1, 2};

        blobs().putPng(prefix + "/0.png", png);

        assertThat(blobs().find(prefix + "/0.png")).hasValueSatisfying(found -> assertThat(found).containsExactly(png));
    }

    @Test
    void aSecondWriteOfAKeyReplacesTheFirst() {
        blobs().putPng(prefix + "/0.png", new byte[] {1, 2, 3});
        blobs().putPng(prefix + "/0.png", new byte[] {4, 5});

        assertThat(blobs().find(prefix + "/0.png")).hasValueSatisfying(found -> assertThat(found).containsExactly(4, 5));
    }

    @Test
    void aKeyNeverWrittenIsFoundEmpty() {
        blobs().putPng(prefix + "/0.png", new byte[] {1});

        assertThat(blobs().find(prefix + "/1.png")).isEmpty();
        assertThat(blobs().find("uploads/acct-" + UUID.randomUUID() + "/upload-x.png")).isEmpty();
    }

    @Test
    void whatIsReadIsACopy() {
        blobs().putPng(prefix + "/0.png", new byte[] {7, 8});

        blobs().find(prefix + "/0.png").orElseThrow()[0] = 0;

        assertThat(blobs().find(prefix + "/0.png")).hasValueSatisfying(found -> assertThat(found).containsExactly(7, 8));
    }

    @Test
    void presignedUrlsNameTheirObject() {
        assertThat(blobs().presignGet(prefix + "/0.png", Duration.ofMinutes(15)).getPath()).endsWith(prefix + "/0.png");
        assertThat(blobs().presignPut("uploads/acct-1/upload-1.png", ImageBlobs.PNG, 1234, Duration.ofMinutes(15)).getPath())
                .endsWith("uploads/acct-1/upload-1.png");
    }
}
