package com.atelier.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimNames;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.ConfigurableJWTProcessor;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Clock;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Verifies OIDC JWTs (Amazon Cognito user pools and other issuers) against the issuer's JWKS.
 *
 * <p>Thread-safe: the nimbus processor is built once and never reconfigured afterwards, and its
 * JWK source caches and refreshes keys behind its own locks, so one instance is meant to be shared
 * by all requests of a process (and kept in a static field for Lambda SnapStart). Keys are fetched
 * lazily on the first {@link #verify} so that building this object never touches the network.
 *
 * <p>Only RS256 and ES256 are accepted: a fixed list keeps {@code alg: none} and HMAC tokens out,
 * since an HMAC "key" taken from a public JWKS would let anyone forge tokens.
 */
public final class OidcTokenVerifier {

    private static final Logger LOG = LoggerFactory.getLogger(OidcTokenVerifier.class);

    private static final Set<JWSAlgorithm> ACCEPTED_ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

    /** Cognito puts the app client in {@code client_id} of access tokens, which carry no {@code aud}. */
    private static final String CLIENT_ID_CLAIM = "client_id";

    /**
     * @param jwksUrl  where the issuer publishes its signing keys, e.g.
     *                 {@code https://cognito-idp.<region>.amazonaws.com/<pool-id>/.well-known/jwks.json}
     * @param issuer   the exact {@code iss} value tokens must carry
     * @param audience when present, the client id tokens must be meant for ({@code aud} or {@code client_id})
     */
    public record Settings(URI jwksUrl, String issuer, Optional<String> audience) {
        public Settings {
            Objects.requireNonNull(jwksUrl, "jwksUrl");
            Objects.requireNonNull(issuer, "issuer");
            Objects.requireNonNull(audience, "audience");
        }
    }

    /**
     * A token that passed every check.
     *
     * @param claims all claims of the token, unmodifiable; dates ({@code exp}, {@code iat}...) are
     *               {@link Date}s and {@code aud} is a list, as nimbus parses them
     */
    public record VerifiedToken(String subject, Map<String, Object> claims) {
        public VerifiedToken {
            Objects.requireNonNull(subject, "subject");
            claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
        }
    }

    private final ConfigurableJWTProcessor<SecurityContext> processor;

    public OidcTokenVerifier(Settings settings, Clock clock) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.<SecurityContext>create(settings.jwksUrl().toURL()).build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("JWKS URL is not a valid URL: " + settings.jwksUrl(), e);
        }

        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        // RFC 9068 access tokens are typed at+jwt; Cognito sets no typ and ID tokens may say JWT.
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(
                JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(ACCEPTED_ALGORITHMS, keys));
        p.setJWTClaimsSetVerifier(new ClaimsVerifier(settings.issuer(), settings.audience().orElse(null), clock));
        this.processor = p;
    }

    /**
     * @return the subject and claims of a valid token; empty for any token that is malformed,
     *         unsigned, wrongly signed, expired, not yet valid, or for another issuer or audience,
     *         and also when the issuer's keys cannot be fetched
     */
    public Optional<VerifiedToken> verify(String token) {
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        try {
            JWTClaimsSet claims = processor.process(token, null);
            String subject = claims.getSubject();
            if (subject == null || subject.isBlank()) {
                LOG.debug("Token rejected: no usable subject");
                return Optional.empty();
            }
            return Optional.of(new VerifiedToken(subject, claims.getClaims()));
        } catch (KeySourceException e) {
            // Not the caller's fault, and every request fails until the JWKS is back: worth a warning.
            LOG.warn("Could not fetch the JWKS to verify a token: {}", e.getMessage());
            return Optional.empty();
        } catch (ParseException | BadJOSEException | JOSEException e) {
            // Rejections are routine (expired sessions, probes); the token itself is never logged.
            LOG.debug("Token rejected: {}", e.getMessage());
            return Optional.empty();
        } catch (RuntimeException e) {
            // Hostile input must not reach callers as a 500; keep it visible in case it is our bug.
            LOG.warn("Token rejected by an unexpected error: {}", e.toString());
            return Optional.empty();
        }
    }

    /**
     * Nimbus's checks plus an audience that may sit in {@code client_id}, with the time taken from
     * the injected clock so tests and replays do not depend on the wall clock.
     */
    private static final class ClaimsVerifier extends DefaultJWTClaimsVerifier<SecurityContext> {

        private final String audience;
        private final Clock clock;

        ClaimsVerifier(String issuer, String audience, Clock clock) {
            // No accepted audiences here: nimbus only looks at aud, the check below also allows client_id.
            super(
                    (Set<String>) null,
                    new JWTClaimsSet.Builder().issuer(issuer).build(),
                    Set.of(JWTClaimNames.SUBJECT, JWTClaimNames.EXPIRATION_TIME, JWTClaimNames.ISSUER),
                    null);
            this.audience = audience;
            this.clock = clock;
        }

        @Override
        protected Date currentTime() {
            return Date.from(clock.instant());
        }

        @Override
        public void verify(JWTClaimsSet claims, SecurityContext context) throws BadJWTException {
            super.verify(claims, context);
            if (audience != null && !isForAudience(claims)) {
                throw new BadJWTException("JWT audience rejected");
            }
        }

        private boolean isForAudience(JWTClaimsSet claims) {
            List<String> aud = claims.getAudience();
            if (aud != null && aud.contains(audience)) {
                return true;
            }
            return audience.equals(claims.getClaim(CLIENT_ID_CLAIM));
        }
    }
}
