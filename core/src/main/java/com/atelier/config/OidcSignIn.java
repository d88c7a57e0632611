package com.atelier.config;

import java.net.URI;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a browser signs people in with OpenID Connect (authorization code with PKCE, as a public
 * client): what {@code GET /v1/auth/config} tells the web client. On AWS the Cognito hosted UI's
 * endpoints, locally the local OIDC server's. The client id is the audience the API checks tokens
 * for ({@value AtelierConfig#OIDC_AUDIENCE_VARIABLE}), so tokens it gets are tokens the API takes.
 */
public record OidcSignIn(String issuer, String clientId, URI authorizationEndpoint, URI tokenEndpoint) {

    public static final String AUTHORIZATION_ENDPOINT_VARIABLE = "ATELIER_OIDC_AUTHORIZATION_ENDPOINT";
    public static final String TOKEN_ENDPOINT_VARIABLE = "ATELIER_OIDC_TOKEN_ENDPOINT";
    /** Sign-in asks only for an identity: the account is the token's subject. */
    public static final String SCOPE = "openid";

    public OidcSignIn {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(authorizationEndpoint, "authorizationEndpoint");
        Objects.requireNonNull(tokenEndpoint, "tokenEndpoint");
    }

    /**
     * @return the sign-in settings when both endpoints are set; empty when neither is (tokens may
     *         still be accepted, from clients that get them elsewhere)
     */
    public static Optional<OidcSignIn> from(Map<String, String> variables) {
        String authorization = nonBlank(variables.get(AUTHORIZATION_ENDPOINT_VARIABLE));
        String token = nonBlank(variables.get(TOKEN_ENDPOINT_VARIABLE));
        if (authorization == null && token == null) {
            return Optional.empty();
        }
        // Sign-in is offered only where the API takes the tokens it gives.
        required(variables, AtelierConfig.OIDC_JWKS_URL_VARIABLE);
        String issuer = required(variables, AtelierConfig.OIDC_ISSUER_VARIABLE);
        String clientId = required(variables, AtelierConfig.OIDC_AUDIENCE_VARIABLE);
        return Optional.of(new OidcSignIn(issuer, clientId, httpUrl(AUTHORIZATION_ENDPOINT_VARIABLE, authorization),
                httpUrl(TOKEN_ENDPOINT_VARIABLE, token)));
    }

    public static Optional<OidcSignIn> fromEnvironment() {
        return from(AtelierConfig.environmentVariables());
    }

    private static String required(Map<String, String> variables, String name) {
        String value = nonBlank(variables.get(name));
        if (value == null) {
            throw new ConfigurationException(name, "", "a value, required with " + AUTHORIZATION_ENDPOINT_VARIABLE
                    + " and " + TOKEN_ENDPOINT_VARIABLE);
        }
        return value;
    }

    private static URI httpUrl(String name, String value) {
        if (value != null) {
            try {
                URI uri = URI.create(value);
                if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (IllegalArgumentException malformed) {
                // Answered below, naming the variable.
            }
        }
        throw new ConfigurationException(name, value == null ? "" : value,
                "an http(s) URL, set together with the other sign-in endpoint");
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
