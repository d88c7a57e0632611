package com.atelier.local.web;

import com.atelier.local.gateway.HttpApiGateway;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.resource.PathResourceManager;
import io.undertow.server.handlers.resource.ResourceHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The built web client ({@code web/dist}) at {@code /}, as CloudFront serves it on AWS: Vite's hashed
 * assets cached for a year, everything else (index.html, the service worker, the manifest)
 * revalidated on every load, and strict security headers on every file. Undertow's resource handler
 * does the serving (ranges, ETags, content types); this class adds the headers.
 */
public final class WebClientSite implements HttpHandler {

    private static final String HASHED_ASSETS = "/assets/";
    private static final HttpString CONTENT_SECURITY_POLICY = HttpString.tryFromString("Content-Security-Policy");
    private static final HttpString CONTENT_TYPE_OPTIONS = HttpString.tryFromString("X-Content-Type-Options");
    private static final HttpString REFERRER_POLICY = HttpString.tryFromString("Referrer-Policy");
    private static final HttpString FRAME_OPTIONS = HttpString.tryFromString("X-Frame-Options");
    private static final HttpString PERMISSIONS_POLICY = HttpString.tryFromString("Permissions-Policy");
    private static final HttpString OPENER_POLICY = HttpString.tryFromString("Cross-Origin-Opener-Policy");

    private final ResourceHandler files;
    private final String contentSecurityPolicy;

    /**
     * @param dist          the folder Vite built
     * @param otherOrigins  origins the app talks to besides its own: the S3 endpoint of the presigned
     *                      image and upload URLs, the OIDC provider's token endpoint
     */
    public WebClientSite(Path dist, List<URI> otherOrigins) {
        this.files = new ResourceHandler(new PathResourceManager(dist), WebClientSite::notFound)
                .setWelcomeFiles("index.html")
                .setDirectoryListingEnabled(false)
                // The Cache-Control below is the policy; Undertow's own max-age would contradict it.
                .setCacheTime(null);
        this.contentSecurityPolicy = contentSecurityPolicy(otherOrigins);
    }

    /** The built client, if {@code web/dist} holds one. */
    public static boolean isBuilt(Path dist) {
        return Files.isRegularFile(dist.resolve("index.html"));
    }

    /** No inline script or style anywhere: Vite's build emits files only, and the app sets styles through the CSSOM. */
    static String contentSecurityPolicy(List<URI> otherOrigins) {
        Set<String> origins = new LinkedHashSet<>();
        for (URI uri : otherOrigins) {
            origins.add(uri.getScheme() + "://" + uri.getAuthority());
        }
        String others = origins.isEmpty() ? "" : " " + String.join(" ", origins);
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:" + others
                + "; connect-src 'self'" + others + "; manifest-src 'self'; worker-src 'self'; font-src 'self'"
                + "; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    String contentSecurityPolicy() {
        return contentSecurityPolicy;
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        if (!exchange.getRequestMethod().equals(Methods.GET) && !exchange.getRequestMethod().equals(Methods.HEAD)) {
            notFound(exchange);
            return;
        }
        var headers = exchange.getResponseHeaders();
        headers.put(CONTENT_SECURITY_POLICY, contentSecurityPolicy);
        headers.put(CONTENT_TYPE_OPTIONS, "nosniff");
        headers.put(REFERRER_POLICY, "no-referrer");
        headers.put(FRAME_OPTIONS, "DENY");
        headers.put(OPENER_POLICY, "same-origin");
        headers.put(PERMISSIONS_POLICY, "camera=(), microphone=(), geolocation=()");
        headers.put(Headers.CACHE_CONTROL, exchange.getRelativePath().startsWith(HASHED_ASSETS)
                ? "public, max-age=31536000, immutable"
                : "no-cache");
        files.handleRequest(exchange);
    }

    private static void notFound(HttpServerExchange exchange) throws Exception {
        exchange.getResponseHeaders().remove(Headers.CACHE_CONTROL);
        HttpApiGateway.answer(exchange, 404, "Not Found");
    }
}
