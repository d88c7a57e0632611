package com.atelier.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Which receivers Atelier may call, against server-side request forgery: https only (plain http on
 * the local stage), and only public addresses. The name is resolved here and every address it has
 * must be public; the sender then connects to the address returned, never resolving again, so a name
 * that answers differently the second time (DNS rebinding) reaches nothing it should not.
 */
public final class ReceiverAddresses {

    /** Resolves a host name; the JVM's resolver in production, a fixed table in tests. */
    @FunctionalInterface
    public interface Resolver {
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    public static final Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    public static final class RefusedReceiverException extends RuntimeException {
        public RefusedReceiverException(String reason) {
            super(reason);
        }
    }

    private final boolean allowLoopback;
    private final Resolver resolver;

    public ReceiverAddresses(boolean allowLoopback, Resolver resolver) {
        this.allowLoopback = allowLoopback;
        this.resolver = resolver;
    }

    /** Checks the URL's form alone: scheme, host, no credentials in it. */
    public void checkForm(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowLoopback && scheme.equals("http"))) {
            throw new RefusedReceiverException(allowLoopback ? "The URL must be http or https." : "The URL must be https.");
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            throw new RefusedReceiverException("The URL must name a host.");
        }
        if (url.getRawUserInfo() != null) {
            throw new RefusedReceiverException("The URL must not carry credentials.");
        }
        if (url.getRawFragment() != null) {
            throw new RefusedReceiverException("The URL must not have a fragment.");
        }
    }

    /** @return the address to connect to, checked; every address of the name was */
    public InetAddress check(URI url) {
        checkForm(url);
        return checkHost(url.getHost()).get(0);
    }

    /** @return the host's addresses, every one of them checked; a sender connects to these and resolves nothing itself */
    public List<InetAddress> checkHost(String host) {
        List<InetAddress> addresses;
        try {
            addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
        } catch (UnknownHostException e) {
            throw new RefusedReceiverException("The host '" + host + "' does not resolve.");
        }
        if (addresses.isEmpty()) {
            throw new RefusedReceiverException("The host '" + host + "' does not resolve.");
        }
        for (InetAddress address : addresses) {
            if (!allowed(address)) {
                throw new RefusedReceiverException("The host '" + host + "' resolves to an address that is not public ("
                        + address.getHostAddress() + ").");
            }
        }
        return addresses;
    }

    private boolean allowed(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return allowLoopback;
        }
        if (address.isAnyLocalAddress() || address.isLinkLocalAddress() || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = bytes[0] & 0xff;
            int second = bytes[1] & 0xff;
            return first != 0 // "this network"
                    && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT, RFC 6598
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking, RFC 2544
                    && first < 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            // Unique local fc00::/7, and IPv4-mapped or NAT64 forms that could hide an internal IPv4 address.
            boolean uniqueLocal = (bytes[0] & 0xfe) == 0xfc;
            boolean nat64 = (bytes[0] & 0xff) == 0x00 && (bytes[1] & 0xff) == 0x64 && (bytes[2] & 0xff) == 0xff
                    && (bytes[3] & 0xff) == 0x9b;
            boolean siteLocal = (bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xc0) == 0xc0;
            return !uniqueLocal && !nat64 && !siteLocal;
        }
        return false;
    }
}
