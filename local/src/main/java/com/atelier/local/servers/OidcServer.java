package com.atelier.local.servers;

import com.atelier.config.AtelierConfig;
import com.atelier.config.OidcSignIn;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;

import java.net.InetAddress;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The local stand-in for Cognito's hosted UI: a real OpenID Connect provider on loopback
 * (mock-oauth2-server) with discovery, a JWKS, authorization code with PKCE, and a login page
 * where any user name signs in (it becomes the token's {@code sub}, so the same name finds the
 * same account). Its access tokens carry the web client's id as audience, as the API requires.
 */
public final class OidcServer implements AutoCloseable {

    /** The issuer's path on the server: its URL is {@code http://127.0.0.1:<port>/atelier}. */
    public static final String ISSUER_ID = "atelier";
    /** The web client's id, a public client with no secret, and so the audience of its tokens. */
    public static final String CLIENT_ID = "atelier-web";
    private static final long TOKEN_LIFETIME_SECONDS = 3600;

    private final MockOAuth2Server server;

    private OidcServer(MockOAuth2Server server) {
        this.server = server;
    }

    public static OidcServer start() {
        // The subject given here is used only for grants without a login; a sign-in uses the name typed.
        DefaultOAuth2TokenCallback tokens = new DefaultOAuth2TokenCallback(ISSUER_ID, UUID.randomUUID().toString(), "JWT",
                List.of(CLIENT_ID), Map.of(), TOKEN_LIFETIME_SECONDS);
        // An empty key list: the server makes one RSA key per issuer at start, never written anywhere.
        OAuth2Config config = new OAuth2Config(true, null, null, false,
                new OAuth2TokenProvider(new KeyProvider(List.of(), "RS256"), (Instant) null), Set.of(tokens));
        MockOAuth2Server server = new MockOAuth2Server(config);
        server.start(InetAddress.getLoopbackAddress(), 0);
        return new OidcServer(server);
    }

    public URI issuer() {
        return uri(server.issuerUrl(ISSUER_ID).toString());
    }

    public URI jwksUrl() {
        return uri(server.jwksUrl(ISSUER_ID).toString());
    }

    public URI authorizationEndpoint() {
        return uri(server.authorizationEndpointUrl(ISSUER_ID).toString());
    }

    public URI tokenEndpoint() {
        return uri(server.tokenEndpointUrl(ISSUER_ID).toString());
    }

    /** The variables that make the API take this issuer's tokens and tell browsers where to sign in. */
    public Map<String, String> settings() {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put(AtelierConfig.OIDC_ISSUER_VARIABLE, issuer().toString());
        variables.put(AtelierConfig.OIDC_JWKS_URL_VARIABLE, jwksUrl().toString());
        variables.put(AtelierConfig.OIDC_AUDIENCE_VARIABLE, CLIENT_ID);
        variables.put(OidcSignIn.AUTHORIZATION_ENDPOINT_VARIABLE, authorizationEndpoint().toString());
        variables.put(OidcSignIn.TOKEN_ENDPOINT_VARIABLE, tokenEndpoint().toString());
        return variables;
    }

    /** okhttp's URLs end the issuer with a slash only when asked; the issuer is the URL without one. */
    private static URI uri(String url) {
        return URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
    }

    @Override
    public void close() {
        server.shutdown();
    }
}
