package com.atelier.aws.images;

import com.atelier.images.ImageBlobs;

import java.net.URL;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The images bucket on S3, with presigned URLs for direct fetches and uploads. */
public final class S3ImageBlobs implements ImageBlobs {

    private final S3Client s3;
    private final S3Presigner presigner;
    private final String bucket;

    public S3ImageBlobs(S3Client s3, S3Presigner presigner, String bucket) {
        this.s3 = s3;
        this.presigner = presigner;
        this.bucket = bucket;
    }

    @Override
    public void putPng(String key, byte[] png) {
        s3.putObject(request -> request.bucket(bucket).key(key).contentType(PNG), RequestBody.fromBytes(png));
    }

    @Override
    public Optional<byte[]> find(String key) {
        try {
            return Optional.of(s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException missing) {
            return Optional.empty();
        }
    }

    /** A URL that reads one object until it expires; any change to it breaks the signature. */
    @Override
    public URL presignGet(String key, Duration validity) {
        return presigner.presignGetObject(request -> request.signatureDuration(validity)
                .getObjectRequest(get -> get.bucket(bucket).key(key))).url();
    }

    /** Setting the length makes Content-Length a signed header: S3 refuses a body of any other length. */
    @Override
    public URL presignPut(String key, String contentType, long contentLengthBytes, Duration validity) {
        return presigner.presignPutObject(request -> request.signatureDuration(validity)
                .putObjectRequest(put -> put.bucket(bucket).key(key).contentType(contentType)
                        .contentLength(contentLengthBytes))).url();
    }
}
