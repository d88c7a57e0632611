package com.atelier.local.servers;

import java.net.URI;

/** A server of the local stack that speaks one AWS API on loopback. */
public interface BackingServer extends AutoCloseable {

    /** The AWS service id whose SDK endpoint setting points here: {@code dynamodb}, {@code sqs}, {@code s3}. */
    String service();

    URI endpoint();

    @Override
    void close();
}
