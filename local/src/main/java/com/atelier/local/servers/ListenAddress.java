package com.atelier.local.servers;

import com.atelier.local.LocalStackException;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;

/**
 * Where the servers a client outside this JVM reaches (the gateway, S3 for presigned URLs) listen,
 * and the address the URLs they hand out carry: loopback by default; with {@code --host} an address
 * of this machine that a phone on the same network can reach too.
 *
 * @param bind       the address to listen on ({@code 0.0.0.0} for all of this machine's)
 * @param advertised the address in URLs: the bind address, or one of this machine's when that is 0.0.0.0
 */
public record ListenAddress(String bind, String advertised) {

    public static final ListenAddress LOOPBACK = new ListenAddress("127.0.0.1", "127.0.0.1");

    /**
     * The address {@code --host} names, which must be one of this machine's; for {@code 0.0.0.0}
     * (every address) URLs carry its first IPv4 address on a network that is not loopback.
     */
    public static ListenAddress of(String host) {
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new LocalStackException("--host " + host + " is not an address or a known name");
        }
        if (address.isAnyLocalAddress()) {
            return new ListenAddress(address.getHostAddress(), networkAddress().getHostAddress());
        }
        try {
            if (!address.isLoopbackAddress() && NetworkInterface.getByInetAddress(address) == null) {
                throw new LocalStackException("--host " + host + " is not an address of this machine; its addresses: "
                        + Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                        .flatMap(NetworkInterface::inetAddresses).map(InetAddress::getHostAddress).toList());
            }
        } catch (SocketException e) {
            throw new LocalStackException("cannot list this machine's addresses: " + e.getMessage(), e);
        }
        return new ListenAddress(address.getHostAddress(), address.getHostAddress());
    }

    private static InetAddress networkAddress() {
        try {
            return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                    .filter(network -> {
                        try {
                            return network.isUp() && !network.isLoopback();
                        } catch (SocketException e) {
                            return false;
                        }
                    })
                    .flatMap(NetworkInterface::inetAddresses)
                    .filter(candidate -> candidate instanceof Inet4Address && !candidate.isLinkLocalAddress())
                    .findFirst()
                    .orElseThrow(() -> new LocalStackException("this machine has no IPv4 address beyond loopback"
                            + " for --host 0.0.0.0: name the address to use"));
        } catch (SocketException e) {
            throw new LocalStackException("cannot list this machine's addresses: " + e.getMessage(), e);
        }
    }

    public boolean isLoopback() {
        return bind.startsWith("127.") || bind.equals("0:0:0:0:0:0:0:1") || bind.equals("::1");
    }

    /** {@code host} or {@code [v6]} for a URL's authority. */
    public String urlHost() {
        return advertised.contains(":") ? "[" + advertised + "]" : advertised;
    }
}
