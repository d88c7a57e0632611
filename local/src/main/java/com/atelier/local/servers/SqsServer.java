package com.atelier.local.servers;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import java.net.URI;

/** SQS on loopback: ElasticMQ inside this JVM, in memory (messages do not survive a restart). */
public final class SqsServer implements BackingServer {

    private final SQSRestServer server;
    private final URI endpoint;

    private SqsServer(SQSRestServer server, URI endpoint) {
        this.server = server;
        this.endpoint = endpoint;
    }

    public static SqsServer start() {
        int port = FreePort.pick();
        // Queue URLs carry this address, so it must be the one clients reach.
        SQSRestServer server = SQSRestServerBuilder
                .withInterface("127.0.0.1")
                .withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .withAWSRegion(LocalCredentials.REGION)
                .withAWSAccountId(LocalCredentials.ACCOUNT_ID)
                .start();
        server.waitUntilStarted();
        return new SqsServer(server, URI.create("http://127.0.0.1:" + port));
    }

    @Override
    public String service() {
        return "sqs";
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public void close() {
        server.stopAndWait();
    }
}
