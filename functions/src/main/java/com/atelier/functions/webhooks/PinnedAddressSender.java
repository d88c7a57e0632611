package com.atelier.functions.webhooks;

import com.atelier.logging.JsonLog;
import com.atelier.webhooks.DeliveryAttempt;
import com.atelier.webhooks.ReceiverAddresses;
import com.atelier.webhooks.WebhookSender;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * Posts webhooks with Apache HttpClient 5, whose only name resolver is {@link ReceiverAddresses}: the
 * addresses a connection uses are the ones that were checked, never a second lookup's (DNS
 * rebinding), and TLS still verifies the certificate against the URL's host name (SNI included).
 * It follows no redirect, uses no proxy, gives up after {@link #TIMEOUT} in all, and keeps at most
 * {@link #KEPT_BYTES} of an answer, for the delivery log.
 */
public final class PinnedAddressSender implements WebhookSender {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int KEPT_BYTES = 256;

    /** A refusal, as the resolver interface can say it: the name has no address we may call. */
    private static final class RefusedAddressException extends UnknownHostException {
        RefusedAddressException(String message) {
            super(message);
        }
    }

    private static final ScheduledExecutorService DEADLINES = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "webhook-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    private final ReceiverAddresses receivers;
    private final CloseableHttpClient client;
    private final Clock clock;

    public PinnedAddressSender(ReceiverAddresses receivers, boolean loopbackAllowed, Clock clock) {
        this.receivers = receivers;
        this.clock = clock;
        if (loopbackAllowed) {
            JsonLog.warn("webhook_loopback_allowed", JsonLog.fields().put("reason",
                    "local stage: webhook receivers on this machine (loopback) and plain http are allowed"));
        }
        DnsResolver checkedOnly = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                try {
                    return receivers.checkHost(host).toArray(InetAddress[]::new);
                } catch (ReceiverAddresses.RefusedReceiverException refused) {
                    throw new RefusedAddressException(refused.getMessage());
                }
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host; // never looked up: the name in the URL is the one TLS verifies
            }
        };
        Timeout timeout = Timeout.of(TIMEOUT);
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(checkedOnly)
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout).setSocketTimeout(timeout).build())
                        .setMaxConnTotal(50).setMaxConnPerRoute(5)
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).setRedirectsEnabled(false).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
    }

    @Override
    public DeliveryAttempt post(URI url, Map<String, String> headers, String body) {
        Instant at = clock.instant();
        long started = System.nanoTime();
        try {
            receivers.checkForm(url);
        } catch (ReceiverAddresses.RefusedReceiverException refused) {
            return new DeliveryAttempt(at, Optional.empty(), 0, Optional.of(refused.getMessage()));
        }
        HttpPost post = new HttpPost(url);
        headers.forEach((name, value) -> {
            if (!name.equals("content-type")) {
                post.setHeader(name, value);
            }
        });
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        // Timeouts above bound each wait; this bounds the whole attempt, a receiver that drips bytes included.
        var deadline = DEADLINES.schedule(post::cancel, TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try (CloseableHttpResponse response = client.execute(post)) {
            int status = response.getCode();
            String kept = "";
            if (response.getEntity() != null) {
                try (InputStream content = response.getEntity().getContent()) {
                    kept = new String(content.readNBytes(KEPT_BYTES), StandardCharsets.UTF_8);
                }
            }
            Optional<String> error = status >= 200 && status < 300 ? Optional.empty()
                    : Optional.of("Answered " + status + (kept.isBlank() ? "." : ": " + kept.strip()));
            return new DeliveryAttempt(at, Optional.of(status), millisSince(started), error);
        } catch (RefusedAddressException refused) {
            return new DeliveryAttempt(at, Optional.empty(), millisSince(started), Optional.of(refused.getMessage()));
        } catch (IOException | RuntimeException e) {
            String reason = post.isCancelled() ? "No answer within " + TIMEOUT.toSeconds() + " s."
                    : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            return new DeliveryAttempt(at, Optional.empty(), millisSince(started), Optional.of(reason));
        } finally {
            deadline.cancel(false);
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
