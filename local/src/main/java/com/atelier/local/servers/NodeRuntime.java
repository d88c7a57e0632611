package com.atelier.local.servers;

import com.atelier.local.LocalStackException;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** The machine's Node.js, which runs the local DynamoDB; checked once with a clear message when missing. */
final class NodeRuntime {

    private static final int MINIMUM_MAJOR_VERSION = 18;

    private NodeRuntime() {
    }

    static String executable() {
        String node = System.getenv().getOrDefault("ATELIER_NODE", "node");
        String version;
        try {
            Process process = new ProcessBuilder(node, "--version").redirectErrorStream(true).start();
            version = new String(process.getInputStream().readAllBytes()).trim();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new LocalStackException("'" + node + " --version' failed: " + version);
            }
        } catch (IOException e) {
            throw new LocalStackException("Node.js was not found ('" + node + "'): the local DynamoDB (dynalite)"
                    + " runs under Node " + MINIMUM_MAJOR_VERSION + " or newer. Install it (Debian: apt-get install"
                    + " nodejs npm) or point ATELIER_NODE at it.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while checking Node.js");
        }
        int major = parseMajor(version);
        if (major < MINIMUM_MAJOR_VERSION) {
            throw new LocalStackException("Node.js " + version + " is too old for dynalite 4: need "
                    + MINIMUM_MAJOR_VERSION + " or newer");
        }
        return node;
    }

    private static int parseMajor(String version) {
        try {
            return Integer.parseInt(version.replaceFirst("^v", "").split("\\.")[0]);
        } catch (NumberFormatException e) {
            throw new LocalStackException("cannot read Node.js's version from '" + version + "'");
        }
    }
}
