package com.atelier.local.contracts;

import com.atelier.aws.images.S3ImageBlobs;
import com.atelier.images.ImageBlobs;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.atelier.testkit.contracts.ImageBlobsContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The images bucket adapter against the local stack's S3 server, its presigned URLs included. */
@ExtendWith(LocalStackExtension.class)
class S3ImageBlobsContractIT extends ImageBlobsContract {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ImageBlobs blobs;

    @BeforeEach
    void connect(LocalStack stack) {
        blobs = new S3ImageBlobs(stack.clients().s3(), stack.clients().s3Presigner(), stack.resources().images().name());
    }

    @Override
    protected ImageBlobs blobs() {
        return blobs;
    }

    @Test
    void aPresignedGetOpensTheObjectAndAPresignedPutStoresOneOfItsSignedLength() throws IOException, InterruptedException {
        blobs.putPng("results/job_presigned/0.png", new byte[] {9, 8, 7});
        HttpResponse<byte[]> fetched = HTTP.send(HttpRequest.newBuilder(
                toUri(blobs.presignGet("results/job_presigned/0.png", Duration.ofMinutes(5)))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        URI upload = toUri(blobs.presignPut("uploads/acct-contract/upload-1.png", ImageBlobs.PNG, 3, Duration.ofMinutes(5)));

        HttpResponse<Void> put = HTTP.send(HttpRequest.newBuilder(upload).header("content-type", ImageBlobs.PNG)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[] {1, 2, 3})).build(), HttpResponse.BodyHandlers.discarding());

        assertThat(fetched.statusCode()).isEqualTo(200);
        assertThat(fetched.body()).containsExactly(9, 8, 7);
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(blobs.find("uploads/acct-contract/upload-1.png"))
                .hasValueSatisfying(found -> assertThat(found).containsExactly(1, 2, 3));
    }

    private static URI toUri(URL url) {
        try {
            return url.toURI();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
