package com.atelier.local.servers;

import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.filesystem.reference.FilesystemConstants;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * S3 on loopback: S3Proxy inside this JVM with signature checks on, so presigned URLs are verified
 * (a tampered, foreign or expired URL gets 403), over a blob store in memory or in a folder.
 */
public final class S3Server implements BackingServer {

    private static final Duration STARTUP_LIMIT = Duration.ofSeconds(15);

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final URI endpoint;

    private S3Server(S3Proxy proxy, BlobStoreContext context, URI endpoint) {
        this.proxy = proxy;
        this.context = context;
        this.endpoint = endpoint;
    }

    /**
     * @param dataDir    where objects are kept across restarts; in memory when empty
     * @param corsMethods the methods browsers may send directly (presigned GET and PUT from the web client)
     * @param address    where it listens, and the address its presigned URLs carry
     * @param port       its port; 0 for any free one
     */
    public static S3Server start(Optional<Path> dataDir, List<String> corsMethods, ListenAddress address, int port) throws Exception {
        BlobStoreContext context = blobStore(dataDir);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://" + address.bind() + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4,
                        LocalCredentials.ACCESS_KEY_ID, LocalCredentials.SECRET_ACCESS_KEY)
                .corsRules(new CrossOriginResourceSharing(
                        List.of("*"), corsMethods, List.of("*"), List.of("ETag"), "false"))
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + STARTUP_LIMIT.toNanos();
            while (!"STARTED".equals(proxy.getState())) {
                if ("FAILED".equals(proxy.getState()) || System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
                }
                Thread.sleep(5);
            }
        } catch (Exception e) {
            context.close();
            throw e;
        }
        return new S3Server(proxy, context, URI.create("http://" + address.urlHost() + ":" + proxy.getPort()));
    }

    private static BlobStoreContext blobStore(Optional<Path> dataDir) throws Exception {
        if (dataDir.isEmpty()) {
            return ContextBuilder.newBuilder("transient")
                    .credentials(LocalCredentials.ACCESS_KEY_ID, LocalCredentials.SECRET_ACCESS_KEY)
                    .build(BlobStoreContext.class);
        }
        Files.createDirectories(dataDir.get());
        Properties properties = new Properties();
        properties.setProperty(FilesystemConstants.PROPERTY_BASEDIR, dataDir.get().toAbsolutePath().toString());
        return ContextBuilder.newBuilder("filesystem")
                .credentials(LocalCredentials.ACCESS_KEY_ID, LocalCredentials.SECRET_ACCESS_KEY)
                .overrides(properties)
                .build(BlobStoreContext.class);
    }

    @Override
    public String service() {
        return "s3";
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("S3Proxy did not stop cleanly", e);
        } finally {
            context.close();
        }
    }
}
