package com.atelier.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OidcSignInTest {

    private static final Map<String, String> COGNITO = Map.of(
            "ATELIER_OIDC_ISSUER", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool",
            "ATELIER_OIDC_AUDIENCE", "web-client-id",
            "ATELIER_OIDC_JWKS_URL", "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool/.well-known/jwks.json",
            "ATELIER_OIDC_AUTHORIZATION_ENDPOINT", "https://atelier-prod.auth.eu-west-1.amazoncognito.com/oauth2/authorize",
            "ATELIER_OIDC_TOKEN_ENDPOINT", "https://atelier-prod.auth.eu-west-1.amazoncognito.com/oauth2/token");

    @Test
    void withoutEndpointsThereIsNoBrowserSignIn() {
        assertThat(OidcSignIn.from(Map.of("ATELIER_OIDC_ISSUER", "https://issuer.example"))).isEmpty();
    }

    @Test
    void theClientIdIsTheAudienceTheApiChecks() {
        OidcSignIn signIn = OidcSignIn.from(COGNITO).orElseThrow();

        assertThat(signIn.issuer()).isEqualTo("https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Pool");
        assertThat(signIn.clientId()).isEqualTo("web-client-id");
        assertThat(signIn.authorizationEndpoint()).isEqualTo(
                URI.create("https://atelier-prod.auth.eu-west-1.amazoncognito.com/oauth2/authorize"));
        assertThat(signIn.tokenEndpoint().getPath()).isEqualTo("/oauth2/token");
    }

    @Test
    void oneEndpointWithoutTheOtherIsRefusedNamingTheMissingVariable() {
        assertThatThrownBy(() -> OidcSignIn.from(Map.of("ATELIER_OIDC_ISSUER", "https://issuer.example",
                "ATELIER_OIDC_JWKS_URL", "https://issuer.example/jwks", "ATELIER_OIDC_AUDIENCE", "client",
                "ATELIER_OIDC_AUTHORIZATION_ENDPOINT", "https://issuer.example/authorize")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ATELIER_OIDC_TOKEN_ENDPOINT");
    }

    @Test
    void endpointsWithoutAJwksTheApiChecksTokensWithAreRefused() {
        assertThatThrownBy(() -> OidcSignIn.from(Map.of("ATELIER_OIDC_ISSUER", "https://issuer.example",
                "ATELIER_OIDC_AUDIENCE", "client", "ATELIER_OIDC_AUTHORIZATION_ENDPOINT", "https://issuer.example/authorize",
                "ATELIER_OIDC_TOKEN_ENDPOINT", "https://issuer.example/token")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ATELIER_OIDC_JWKS_URL");
    }

    @Test
    void endpointsWithoutAClientIdAreRefused() {
        assertThatThrownBy(() -> OidcSignIn.from(Map.of("ATELIER_OIDC_ISSUER", "https://issuer.example",
                "ATELIER_OIDC_JWKS_URL", "https://issuer.example/jwks", "ATELIER_OIDC_AUTHORIZATION_ENDPOINT", "https://issuer.example/authorize",
                "ATELIER_OIDC_TOKEN_ENDPOINT", "https://issuer.example/token")))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("ATELIER_OIDC_AUDIENCE");
    }
}
