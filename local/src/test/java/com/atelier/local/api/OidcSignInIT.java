package com.atelier.local.api;

import com.atelier.accounts.Account;
import com.atelier.auth.InvalidTokenException;
import com.atelier.auth.Authenticator;
import com.atelier.aws.AwsClients;
import com.atelier.config.AtelierConfig;
import com.atelier.functions.wiring.AwsAdapters;
import com.atelier.functions.wiring.Wiring;
import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Signing in with an OIDC JWT (as a Cognito user pool issues), verified against a JWKS the test serves. */
@ExtendWith(LocalStackExtension.class)
class OidcSignInIT {

    private static final String ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_test";
    private static final String CLIENT_ID = "atelier-web";

    private static RSAKey signingKey;
    private static HttpServer jwks;

    @BeforeAll
    static void serveJwks() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID("test-key").generate();
        byte[] document = new JWKSet(signingKey.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/.well-known/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, document.length);
            exchange.getResponseBody().write(document);
            exchange.close();
        });
        jwks.start();
    }

    @AfterAll
    static void stopJwks() {
        jwks.stop(0);
    }

    @Test
    void aValidTokenOpensOneAccountForItsSubjectAndFindsItAgain(LocalStack stack) throws Exception {
        Authenticator authenticator = authenticator(stack);
        String subject = UUID.randomUUID().toString();

        Account first = authenticator.authenticate("Bearer " + token(subject, signingKey, Instant.now().plusSeconds(300)));
        Account again = authenticator.authenticate("Bearer " + token(subject, signingKey, Instant.now().plusSeconds(300)));

        assertThat(first.accountId()).startsWith("oidc-").isEqualTo(again.accountId());
        assertThat(first.oidcSubject()).contains(subject);
    }

    @Test
    void anExpiredOrForeignTokenIsRefused(LocalStack stack) throws Exception {
        Authenticator authenticator = authenticator(stack);
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("test-key").generate();

        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + token("s", signingKey, Instant.now().minusSeconds(600))))
                .isInstanceOf(InvalidTokenException.class);
        assertThatThrownBy(() -> authenticator.authenticate("Bearer " + token("s", stranger, Instant.now().plusSeconds(300))))
                .isInstanceOf(InvalidTokenException.class);
    }

    private static Authenticator authenticator(LocalStack stack) {
        AtelierConfig base = AtelierConfig.from(java.util.Map.of());
        AtelierConfig config = new AtelierConfig(base.stage(), base.imagesBucketName(), base.billingWebhookSecret(),
                Optional.of(new AtelierConfig.OidcSettings(
                        URI.create("http://127.0.0.1:" + jwks.getAddress().getPort() + "/.well-known/jwks.json"),
                        ISSUER, Optional.of(CLIENT_ID))), base.diversityRevision(), base.imagesSyncWait(),
                base.imageRequestsPerMinute(), base.requireKnownWords());
        AwsClients clients = stack.clients();
        return new Wiring(config, new AwsAdapters(config, clients), Clock.systemUTC()).authenticator();
    }

    private static String token(String subject, RSAKey key, Instant expiresAt) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().subject(subject).issuer(ISSUER).claim("client_id", CLIENT_ID)
                        .claim("token_use", "access").issueTime(new Date()).expirationTime(Date.from(expiresAt)).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
