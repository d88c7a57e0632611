package com.atelier.local.servers;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.LoggerFactory;
import scala.concurrent.Await;
import scala.concurrent.duration.FiniteDuration;

/** SQS on loopback: ElasticMQ inside this JVM, in memory (messages do not survive a restart). */
public final class SqsServer implements BackingServer {

    private static final FiniteDuration STOP_LIMIT = FiniteDuration.apply(5, TimeUnit.SECONDS);

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

    /**
     * ElasticMQ's own stopAndWait waits up to a minute for open connections to end, and the JDK keeps
     * HTTP connections to it open for reuse (an interrupted long poll leaves one): stopping waits a
     * bounded time instead, after which the process goes on closing what is left.
     */
    @Override
    public void close() {
        try {
            Await.ready(server.stopAndGetFuture().apply(), STOP_LIMIT);
        } catch (TimeoutException e) {
            LoggerFactory.getLogger(SqsServer.class).warn("ElasticMQ did not stop within {}; going on", STOP_LIMIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
