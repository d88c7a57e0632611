package com.atelier.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awscdk.App;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The web client's hosting, its CORS and its Cognito sign-in, read back from synthesized templates. */
class WebHostingTest {

    private static Template dev;
    private static Template prod;

    @BeforeAll
    static void synthesizeWithoutABuiltWebClient(@TempDir Path empty) {
        dev = synthesize(StageTemplates.DEV, empty.resolve("dist"));
        prod = synthesize(StageTemplates.PROD, empty.resolve("dist"));
    }

    private static Template synthesize(StageSettings settings, Path webDist) {
        App app = App.Builder.create().context(Map.of("webDist", webDist.toString())).build();
        return Template.fromStack(StageTemplates.stack(app, settings));
    }

    @Test
    void theSiteBucketIsPrivateTlsOnlyAndReadByCloudFrontThroughOriginAccessControl() {
        Map<String, Map<String, Object>> buckets = dev.findResources("AWS::S3::Bucket");
        String siteBucket = buckets.keySet().stream().filter(id -> id.startsWith("WebSite")).findFirst().orElseThrow();
        dev.hasResourceProperties("AWS::S3::Bucket", Match.objectLike(Map.of(
                "PublicAccessBlockConfiguration", Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true,
                        "IgnorePublicAcls", true, "RestrictPublicBuckets", true))));
        String policy = dev.findResources("AWS::S3::BucketPolicy").values().stream()
                .filter(resource -> String.valueOf(resource).contains("Ref=" + siteBucket))
                .map(String::valueOf).findFirst().orElseThrow();
        assertThat(policy).contains("aws:SecureTransport=false", "Effect=Deny", "cloudfront.amazonaws.com", "AWS:SourceArn");
        dev.resourceCountIs("AWS::CloudFront::OriginAccessControl", 1);
        dev.resourceCountIs("AWS::CloudFront::CloudFrontOriginAccessIdentity", 0);
        dev.hasResourceProperties("AWS::CloudFront::OriginAccessControl", Match.objectLike(Map.of(
                "OriginAccessControlConfig", Match.objectLike(Map.of("OriginAccessControlOriginType", "s3",
                        "SigningBehavior", "always")))));
    }

    @Test
    void theDistributionServesIndexAtTheRootAndForEveryPathTheBucketLacks() {
        dev.hasResourceProperties("AWS::CloudFront::Distribution", Match.objectLike(Map.of(
                "DistributionConfig", Match.objectLike(Map.of(
                        "DefaultRootObject", "index.html",
                        "DefaultCacheBehavior", Match.objectLike(Map.of("ViewerProtocolPolicy", "redirect-to-https",
                                "ResponseHeadersPolicyId", Match.anyValue())),
                        "CustomErrorResponses", List.of(
                                Map.of("ErrorCode", 403, "ResponseCode", 200, "ResponsePagePath", "/index.html",
                                        "ErrorCachingMinTTL", 0),
                                Map.of("ErrorCode", 404, "ResponseCode", 200, "ResponsePagePath", "/index.html",
                                        "ErrorCachingMinTTL", 0)))))));
    }

    @Test
    void pagesGetAStrictContentSecurityPolicyWithoutInlineScriptsAndHsts() {
        Map<String, Object> security = securityHeaders(prod);
        String csp = String.valueOf(security.get("ContentSecurityPolicy"));
        assertThat(csp).contains("default-src 'self'; script-src 'self'; style-src 'self'", "object-src 'none'",
                "frame-ancestors 'none'", "connect-src 'self' ", "ApiEndpoint", "amazoncognito.com",
                "Fn::If=[WebInUsEast1", "https://s3.amazonaws.com", ".amazonaws.com")
                .doesNotContain("unsafe-inline", "unsafe-eval");
        assertThat(String.valueOf(securityHeaders(dev).get("ContentSecurityPolicy"))).doesNotContain("amazoncognito.com");
        assertThat(security.get("StrictTransportSecurity")).isEqualTo(Map.of("AccessControlMaxAgeSec", 63072000,
                "IncludeSubdomains", true, "Preload", true, "Override", true));
        assertThat(security).containsKeys("ContentTypeOptions", "FrameOptions", "ReferrerPolicy");
    }

    @Test
    void withoutABuiltWebClientNothingIsDeployedToTheSite() {
        dev.resourceCountIs("Custom::CDKBucketDeployment", 0);
    }

    @Test
    void aBuiltWebClientIsDeployedAndTheCacheInvalidated(@TempDir Path webDist) throws IOException {
        Files.writeString(webDist.resolve("index.html"), "<!doctype html><title>Atelier</title>");

        Template built = synthesize(StageTemplates.DEV, webDist);

        built.resourceCountIs("Custom::CDKBucketDeployment", 1);
        built.hasResourceProperties("Custom::CDKBucketDeployment", Match.objectLike(Map.of(
                "DistributionPaths", List.of("/*"),
                "DistributionId", Match.anyValue())));
    }

    @Test
    void theApiAndTheImagesBucketAllowExactlyTheSitesOriginPlusTheConfiguredExtras() {
        Map<String, Object> cors = properties(prod.findResources("Custom::ApiCors").values().iterator().next());
        String create = String.valueOf(cors.get("Create"));
        assertThat(create).contains("UpdateApi", "https://", "DomainName", "https://atelier.example",
                "authorization", "content-type", "idempotency-key", "x-ratelimit-remaining-requests", "apigw-requestid")
                .doesNotContain("\\\"*\\\"");
        assertThat(String.valueOf(properties(dev.findResources("Custom::ApiCors").values().iterator().next()).get("Create")))
                .doesNotContain("atelier.example");
        String imagesCors = prod.findResources("AWS::S3::Bucket").values().stream().map(WebHostingTest::properties)
                .filter(bucket -> bucket.containsKey("CorsConfiguration")).map(String::valueOf).findFirst().orElseThrow();
        assertThat(imagesCors).contains("https://atelier.example", "DomainName");
    }

    @Test
    void cognitoSignsPeopleInWithAPublicClientUsingTheCodeFlowBackToTheSite() {
        prod.resourceCountIs("AWS::Cognito::UserPoolDomain", 1);
        prod.hasResourceProperties("AWS::Cognito::UserPoolClient", Match.objectLike(Map.of(
                "GenerateSecret", false,
                "AllowedOAuthFlows", List.of("code"),
                "AllowedOAuthFlowsUserPoolClient", true,
                "AllowedOAuthScopes", Match.arrayWith(List.of("openid")),
                "CallbackURLs", List.of(Map.of("Fn::Join", List.of("", Match.arrayWith(List.of("https://"))))))));
        String callback = String.valueOf(properties(prod.findResources("AWS::Cognito::UserPoolClient").values().iterator()
                .next()).get("CallbackURLs"));
        assertThat(callback).contains("WebDistribution", "DomainName");
        String environment = prod.findResources("AWS::Lambda::Function").values().stream().map(WebHostingTest::properties)
                .filter(function -> "atelier-prod-health".equals(function.get("FunctionName")))
                .map(function -> String.valueOf(function.get("Environment"))).findFirst().orElseThrow();
        assertThat(environment).contains("ATELIER_OIDC_AUTHORIZATION_ENDPOINT", "/oauth2/authorize",
                "ATELIER_OIDC_TOKEN_ENDPOINT", "/oauth2/token", "ATELIER_OIDC_AUDIENCE", "ATELIER_OIDC_ISSUER");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> securityHeaders(Template template) {
        Map<String, Object> policy = properties(template.findResources("AWS::CloudFront::ResponseHeadersPolicy")
                .values().iterator().next());
        Map<String, Object> config = (Map<String, Object>) policy.get("ResponseHeadersPolicyConfig");
        return (Map<String, Object>) config.get("SecurityHeadersConfig");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }
}
