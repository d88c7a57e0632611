package com.atelier.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class OidcTokenVerifierTest {

    private static final String ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Test";
    private static final String CLIENT_ID = "app-client-1";
    private static final String KID = "key-1";
    /** Far in the past, so tokens valid here are expired by the wall clock: proves the injected clock is used. */
    private static final Instant NOW = Instant.parse("2021-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private static RSAKey rsaKey;
    private static ECKey ecKey;
    private static HttpServer server;
    private static URI jwksUrl;
    private static final AtomicInteger jwksRequests = new AtomicInteger();

    @BeforeAll
    static void startJwksServer() throws Exception {
        rsaKey = new RSAKeyGenerator(2048).keyID(KID).generate();
        ecKey = new ECKeyGenerator(Curve.P_256).keyID("ec-key-1").generate();
        byte[] jwks = new JWKSet(List.of(rsaKey.toPublicJWK(), ecKey.toPublicJWK()))
                .toString().getBytes(StandardCharsets.UTF_8);

        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/.well-known/jwks.json", exchange -> {
            jwksRequests.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write(jwks);
            }
        });
        server.start();
        jwksUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/.well-known/jwks.json");
    }

    @AfterAll
    static void stopJwksServer() {
        server.stop(0);
    }

    private static OidcTokenVerifier verifier() {
        return new OidcTokenVerifier(
                new OidcTokenVerifier.Settings(jwksUrl, ISSUER, Optional.of(CLIENT_ID)), CLOCK);
    }

    private static JWTClaimsSet.Builder validClaims() {
        return new JWTClaimsSet.Builder()
                .subject("user-42")
                .issuer(ISSUER)
                .audience(CLIENT_ID)
                .issueTime(Date.from(NOW.minus(Duration.ofMinutes(1))))
                .expirationTime(Date.from(NOW.plus(Duration.ofHours(1))))
                .claim("email", "ada@example.com");
    }

    private static String sign(JWTClaimsSet claims, JWSAlgorithm alg, String kid, JWSSigner signer)
            throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID(kid).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String signRs256(JWTClaimsSet claims) throws JOSEException {
        return sign(claims, JWSAlgorithm.RS256, KID, new RSASSASigner(rsaKey));
    }

    @Test
    void validTokenGivesItsSubjectAndClaims() throws Exception {
        Optional<OidcTokenVerifier.VerifiedToken> result = verifier().verify(signRs256(validClaims().build()));

        assertThat(result).isPresent();
        assertThat(result.get().subject()).isEqualTo("user-42");
        assertThat(result.get().claims())
                .containsEntry("email", "ada@example.com")
                .containsEntry("iss", ISSUER)
                .containsEntry("sub", "user-42");
        assertThat(result.get().claims().get("aud")).asList().containsExactly(CLIENT_ID);
    }

    @Test
    void es256TokenIsAccepted() throws Exception {
        String token = sign(validClaims().build(), JWSAlgorithm.ES256, ecKey.getKeyID(), new ECDSASigner(ecKey));

        assertThat(verifier().verify(token)).map(OidcTokenVerifier.VerifiedToken::subject).contains("user-42");
    }

    @Test
    void keysAreNotFetchedUntilTheFirstVerify() {
        int before = jwksRequests.get();

        verifier();

        assertThat(jwksRequests.get()).isEqualTo(before);
    }

    @Test
    void expiredTokenIsRejected() throws Exception {
        String token = signRs256(validClaims()
                .expirationTime(Date.from(NOW.minus(Duration.ofMinutes(5))))
                .build());

        assertThat(verifier().verify(token)).isEmpty();
    }

    @Test
    void tokenExpiredWithinTheClockSkewIsStillAccepted() throws Exception {
        String token = signRs256(validClaims()
                .expirationTime(Date.from(NOW.minus(Duration.ofSeconds(30))))
                .build());

        assertThat(verifier().verify(token)).isPresent();
    }

    @Test
    void tokenNotYetValidIsRejected() throws Exception {
        String token = signRs256(validClaims()
                .notBeforeTime(Date.from(NOW.plus(Duration.ofMinutes(5))))
                .build());

        assertThat(verifier().verify(token)).isEmpty();
    }

    @Test
    void tokenWithoutExpiryIsRejected() throws Exception {
        String token = signRs256(validClaims().expirationTime(null).build());

        assertThat(verifier().verify(token)).isEmpty();
    }

    @Test
    void wrongIssuerIsRejected() throws Exception {
        String token = signRs256(validClaims().issuer("https://evil.example.com").build());

        assertThat(verifier().verify(token)).isEmpty();
    }

    @Test
    void wrongAudienceIsRejected() throws Exception {
        String token = signRs256(validClaims().audience("another-client").build());

        assertThat(verifier().verify(token)).isEmpty();
    }

    @Test
    void wrongClientIdWithoutAudienceIsRejected() throws Exception {
        String token = signRs256(validClaims().audience((String) null).claim("client_id", "another-client").build());

        assertThat(verifier().verify(token)).isEmpty();
    }

    @Test
    void cognitoAccessTokenWithClientIdInsteadOfAudienceIsAccepted() throws Exception {
        String token = signRs256(validClaims()
                .audience((String) null)
                .claim("client_id", CLIENT_ID)
                .claim("token_use", "access")
                .build());

        Optional<OidcTokenVerifier.VerifiedToken> result = verifier().verify(token);

        assertThat(result).isPresent();
        assertThat(result.get().claims()).containsEntry("client_id", CLIENT_ID).doesNotContainKey("aud");
    }

    @Test
    void anyAudienceIsAcceptedWhenNoneIsConfigured() throws Exception {
        OidcTokenVerifier verifier = new OidcTokenVerifier(
                new OidcTokenVerifier.Settings(jwksUrl, ISSUER, Optional.empty()), CLOCK);

        assertThat(verifier.verify(signRs256(validClaims().audience("whatever").build()))).isPresent();
    }

    @Test
    void tokenSignedByAnotherKeyWithTheSameKidIsRejected() throws Exception {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(KID).generate();
        String token = sign(validClaims().build(), JWSAlgorithm.RS256, KID, new RSASSASigner(impostor));

        assertThat(verifier().verify(token)).isEmpty();
    }

    @Test
    void unsignedAlgNoneTokenIsRejected() {
        String token = new PlainJWT(validClaims().build()).serialize();

        assertThat(verifier().verify(token)).isEmpty();
    }

    @Test
    void hmacSignedTokenIsRejected() throws Exception {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String token = sign(validClaims().build(), JWSAlgorithm.HS256, KID, new MACSigner(secret));

        assertThat(verifier().verify(token)).isEmpty();
    }

    @Test
    void garbageIsRejected() {
        OidcTokenVerifier verifier = verifier();

        assertThat(verifier.verify("not-a-jwt")).isEmpty();
        assertThat(verifier.verify("a.b.c")).isEmpty();
        assertThat(verifier.verify("")).isEmpty();
        assertThat(verifier.verify(null)).isEmpty();
    }

    @Test
    void unreachableJwksUrlGivesEmptyInsteadOfThrowing() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        OidcTokenVerifier verifier = new OidcTokenVerifier(new OidcTokenVerifier.Settings(
                URI.create("http://127.0.0.1:" + closedPort + "/.well-known/jwks.json"), ISSUER, Optional.of(CLIENT_ID)),
                CLOCK);

        assertThat(verifier.verify(signRs256(validClaims().build()))).isEmpty();
    }
}
