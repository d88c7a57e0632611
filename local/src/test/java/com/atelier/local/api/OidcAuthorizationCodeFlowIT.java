package com.atelier.local.api;

import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in as the web client does, by HTTP and without a browser: the sign-in settings from
 * {@code GET /v1/auth/config}, the local OIDC server's login page, the authorization code with PKCE
 * (RFC 7636), the token, and the API taking it.
 */
@ExtendWith(LocalStackExtension.class)
class OidcAuthorizationCodeFlowIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    // Redirects are read, not followed: the code comes back in the Location of the login's answer.
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** The endpoints, client and scope the web client reads before it sends anyone to sign in. */
    private record SignIn(String issuer, String clientId, URI authorizationEndpoint, URI tokenEndpoint, String scope) {

        /** The same server's endpoints for another issuer, which signs with a key of its own. */
        SignIn otherIssuer() {
            return new SignIn(issuer.replace("/atelier", "/elsewhere"), clientId,
                    URI.create(authorizationEndpoint.toString().replace("/atelier/", "/elsewhere/")),
                    URI.create(tokenEndpoint.toString().replace("/atelier/", "/elsewhere/")), scope);
        }
    }

    @Test
    void theSignInSettingsNameTheLocalIssuerAndAPublicClient(LocalStack stack) throws Exception {
        SignIn signIn = signIn(stack);

        assertThat(signIn.issuer()).isEqualTo(stack.oidcIssuer().orElseThrow().toString());
        assertThat(signIn.clientId()).isEqualTo("atelier-web");
        assertThat(signIn.scope()).isEqualTo("openid");
        JsonNode discovery = JSON.readTree(HTTP.send(HttpRequest.newBuilder(
                URI.create(signIn.issuer() + "/.well-known/openid-configuration")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(discovery.get("authorization_endpoint").asText()).isEqualTo(signIn.authorizationEndpoint().toString());
        assertThat(discovery.get("token_endpoint").asText()).isEqualTo(signIn.tokenEndpoint().toString());
    }

    @Test
    void aFirstSignInWithTheCodeAndPkceOpensAnAccountWhoseBalanceTheTokenReads(LocalStack stack) throws Exception {
        SignIn signIn = signIn(stack);
        String verifier = codeVerifier();
        String redirect = stack.gatewayUrl() + "/";

        String code = logIn(signIn, "painter-" + UUID.randomUUID(), null, redirect, verifier);
        JsonNode tokens = exchange(signIn, code, redirect, verifier);
        Api.Answer credits = new Api(stack.gatewayUrl()).get("/v1/credits", tokens.get("access_token").asText());

        assertThat(credits.status()).isEqualTo(200);
        assertThat(credits.body().get("total").asInt()).isEqualTo(50);
        assertThat(credits.body().at("/by_kind/free").asInt()).isEqualTo(50);
    }

    @Test
    void theSameUserNameSignsIntoTheSameAccount(LocalStack stack) throws Exception {
        SignIn signIn = signIn(stack);
        String user = "returning-" + UUID.randomUUID();
        Api api = new Api(stack.gatewayUrl());

        Api.Answer submitted = api.post("/v1/jobs", token(stack, signIn, user),
                Map.of("kind", "generation", "prompt", "a red circle on a white background", "n", 1, "size", "256x256"));
        assertThat(submitted.status()).isEqualTo(202);

        assertThat(api.get("/v1/credits", token(stack, signIn, user)).body().get("total").asInt()).isEqualTo(49);
        assertThat(api.get("/v1/credits", token(stack, signIn, "newcomer-" + UUID.randomUUID())).body()
                .get("total").asInt()).isEqualTo(50);
    }

    @Test
    void aCodeIsNotExchangedWithoutItsVerifier(LocalStack stack) throws Exception {
        SignIn signIn = signIn(stack);
        String redirect = stack.gatewayUrl() + "/";
        String code = logIn(signIn, "someone", null, redirect, codeVerifier());

        HttpResponse<String> refused = tokenRequest(signIn, code, redirect, codeVerifier());

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(refused.body()).get("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void aTokenFromAnotherIssuerIsRefusedInOpenAisErrorShape(LocalStack stack) throws Exception {
        SignIn elsewhere = signIn(stack).otherIssuer();
        String redirect = stack.gatewayUrl() + "/";
        String verifier = codeVerifier();
        String foreign = exchange(elsewhere, logIn(elsewhere, "stranger", null, redirect, verifier), redirect, verifier)
                .get("access_token").asText();

        assertRefusedAsInvalidToken(new Api(stack.gatewayUrl()).get("/v1/credits", foreign));
    }

    @Test
    void aTokenOfTheIssuerForAnotherAudienceIsRefusedInOpenAisErrorShape(LocalStack stack) throws Exception {
        SignIn signIn = signIn(stack);
        String redirect = stack.gatewayUrl() + "/";
        String verifier = codeVerifier();
        // The login page lets a user set claims: here an audience that is not the web client.
        String code = logIn(signIn, "misdirected", "{\"aud\": [\"another-client\"]}", redirect, verifier);
        JsonNode tokens = exchange(signIn, code, redirect, verifier);
        assertThat(claims(tokens.get("access_token").asText()).get("aud").toString()).contains("another-client")
                .doesNotContain("atelier-web");

        assertRefusedAsInvalidToken(new Api(stack.gatewayUrl()).get("/v1/credits", tokens.get("access_token").asText()));
    }

    private static void assertRefusedAsInvalidToken(Api.Answer answer) {
        assertThat(answer.status()).isEqualTo(401);
        JsonNode error = answer.body().get("error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_token");
        assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.has("message") && error.has("param")).isTrue();
    }

    private static SignIn signIn(LocalStack stack) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(stack.gatewayUrl().resolve("/v1/auth/config")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode oidc = JSON.readTree(answer.body()).get("oidc");
        return new SignIn(oidc.get("issuer").asText(), oidc.get("client_id").asText(),
                URI.create(oidc.get("authorization_endpoint").asText()), URI.create(oidc.get("token_endpoint").asText()),
                oidc.get("scope").asText());
    }

    private static String token(LocalStack stack, SignIn signIn, String user) throws Exception {
        String redirect = stack.gatewayUrl() + "/";
        String verifier = codeVerifier();
        return exchange(signIn, logIn(signIn, user, null, redirect, verifier), redirect, verifier).get("access_token").asText();
    }

    /** Opens the login page as a browser sent there would, submits the form, and returns the code it redirects with. */
    private static String logIn(SignIn signIn, String user, String claims, String redirect, String verifier) throws Exception {
        String state = UUID.randomUUID().toString();
        URI authorize = URI.create(signIn.authorizationEndpoint() + "?" + form(Map.of(
                "client_id", signIn.clientId(),
                "response_type", "code",
                "redirect_uri", redirect,
                "scope", signIn.scope(),
                "state", state,
                "nonce", UUID.randomUUID().toString(),
                "code_challenge", challenge(verifier),
                "code_challenge_method", "S256")));
        HttpResponse<String> page = HTTP.send(HttpRequest.newBuilder(authorize).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("name=\"username\"");

        Map<String, String> login = new LinkedHashMap<>(Map.of("username", user));
        if (claims != null) {
            login.put("claims", claims);
        }
        HttpResponse<String> redirected = HTTP.send(HttpRequest.newBuilder(authorize)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(login))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(redirected.statusCode()).isEqualTo(302);
        URI back = URI.create(redirected.headers().firstValue("location").orElseThrow());
        assertThat(back.toString()).startsWith(redirect);
        Map<String, String> query = query(back);
        assertThat(query.get("state")).isEqualTo(state);
        return query.get("code");
    }

    private static JsonNode exchange(SignIn signIn, String code, String redirect, String verifier) throws Exception {
        HttpResponse<String> answer = tokenRequest(signIn, code, redirect, verifier);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    /** A public client's token request: no secret, the verifier instead. */
    private static HttpResponse<String> tokenRequest(SignIn signIn, String code, String redirect, String verifier) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(signIn.tokenEndpoint())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of(
                        "grant_type", "authorization_code",
                        "code", code,
                        "redirect_uri", redirect,
                        "client_id", signIn.clientId(),
                        "code_verifier", verifier)))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** 32 random bytes, base64url: 43 characters, the shortest verifier RFC 7636 allows. */
    private static String codeVerifier() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    private static JsonNode claims(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int equals = pair.indexOf('=');
            fields.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }
}
