package com.atelier.local.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on loopback between a client and one backing server that misbehaves as a network
 * does, on a seeded share of what passes: latency on each chunk the server sends, a connection reset
 * (RST) either before a request reaches the server or after it did but before its answer comes back
 * (the case that makes a client retry a write that was done), and a half-open connection that takes
 * the request and never answers, until the client's own timeout gives up.
 *
 * <p>A client's chunk on loopback is one HTTP request in practice, so each is one draw.
 */
public final class FaultProxy implements AutoCloseable {

    /** What the proxy does; {@link #NONE} passes everything through. */
    public record Faults(int latencyMillis, double resetShare, double halfOpenShare) {
        public static final Faults NONE = new Faults(0, 0, 0);
    }

    /** What the proxy did so far. */
    public record Counts(long connections, long resets, long halfOpen, long delayedChunks) {
    }

    private static final int BUFFER_BYTES = 64 * 1024;

    private final ServerSocket listener;
    private final InetSocketAddress target;
    private final SplittableRandom random;
    private final ExecutorService pumps = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "fault-proxy-pump");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong resets = new AtomicLong();
    private final AtomicLong halfOpen = new AtomicLong();
    private final AtomicLong delayedChunks = new AtomicLong();
    private volatile Faults faults = Faults.NONE;

    private FaultProxy(ServerSocket listener, InetSocketAddress target, long seed) {
        this.listener = listener;
        this.target = target;
        this.random = new SplittableRandom(seed);
    }

    /** Listens on a free loopback port and forwards to the host and port of {@code server}. */
    public static FaultProxy start(URI server, long seed) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        FaultProxy proxy = new FaultProxy(listener, new InetSocketAddress(server.getHost(), server.getPort()), seed);
        Thread acceptor = new Thread(proxy::accept, "fault-proxy-accept-" + server.getPort());
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    /** The proxy's address, with the scheme of the server it stands for. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    public void inject(Faults faults) {
        this.faults = faults;
    }

    public Counts counts() {
        return new Counts(connections.get(), resets.get(), halfOpen.get(), delayedChunks.get());
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                connections.incrementAndGet();
                pumps.execute(() -> connect(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void connect(Socket client) {
        Socket server = new Socket();
        try {
            server.connect(target, 5_000);
        } catch (IOException e) {
            closeQuietly(client);
            return;
        }
        open.add(client);
        open.add(server);
        Connection connection = new Connection(client, server);
        pumps.execute(connection::fromServer);
        connection.fromClient();
    }

    private enum Draw { PASS, RESET_BEFORE, RESET_AFTER, HALF_OPEN }

    private Draw draw() {
        Faults current = faults;
        double roll;
        boolean before;
        synchronized (random) {
            roll = random.nextDouble();
            before = random.nextBoolean();
        }
        if (roll < current.resetShare()) {
            return before ? Draw.RESET_BEFORE : Draw.RESET_AFTER;
        }
        return roll < current.resetShare() + current.halfOpenShare() ? Draw.HALF_OPEN : Draw.PASS;
    }

    private final class Connection {
        private final Socket client;
        private final Socket server;
        /** Set when a request was forwarded whose answer must not reach the client. */
        private volatile boolean resetOnAnswer;
        private volatile boolean silent;

        Connection(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void fromClient() {
            byte[] buffer = new byte[BUFFER_BYTES];
            try (InputStream in = client.getInputStream(); OutputStream out = server.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    switch (draw()) {
                        case RESET_BEFORE -> {
                            reset();
                            return;
                        }
                        case RESET_AFTER -> resetOnAnswer = true;
                        case HALF_OPEN -> {
                            // Takes the request and keeps the connection, answering nothing, until the client gives up.
                            silent = true;
                            halfOpen.incrementAndGet();
                            while (in.read(buffer) >= 0) {
                                // Swallowed.
                            }
                            return;
                        }
                        case PASS -> { }
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // The other side closed or was reset; the finally below ends both.
            } finally {
                closeBoth();
            }
        }

        void fromServer() {
            byte[] buffer = new byte[BUFFER_BYTES];
            try (InputStream in = server.getInputStream(); OutputStream out = client.getOutputStream()) {
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (silent) {
                        continue;
                    }
                    if (resetOnAnswer) {
                        reset();
                        return;
                    }
                    int latency = faults.latencyMillis();
                    if (latency > 0) {
                        delayedChunks.incrementAndGet();
                        Thread.sleep(latency);
                    }
                    out.write(buffer, 0, read);
                    out.flush();
                }
            } catch (IOException e) {
                // As above.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (!silent) {
                    closeBoth();
                }
            }
        }

        /** An RST rather than a FIN: the client sees "connection reset", as when a middlebox drops it. */
        private void reset() {
            resets.incrementAndGet();
            try {
                client.setSoLinger(true, 0);
            } catch (IOException e) {
                // Closed already: nothing left to reset.
            }
            closeBoth();
        }

        private void closeBoth() {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private void closeQuietly(Socket socket) {
        open.remove(socket);
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is best effort.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        open.forEach(this::closeQuietly);
        pumps.shutdownNow();
    }
}
