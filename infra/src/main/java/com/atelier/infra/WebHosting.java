package com.atelier.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Token;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.ErrorResponse;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.HttpVersion;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeader;
import software.amazon.awscdk.services.cloudfront.ResponseCustomHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

/**
 * The web client on AWS: the files of {@code web/dist} in a private bucket that only CloudFront
 * reads (origin access control), served over HTTPS with strict security headers, {@code index.html}
 * at the root and for every path the bucket does not have (the app routes in the browser).
 *
 * <p>The files are deployed only when {@code web/dist} exists at synth time (built by
 * {@code npm run build} in {@code web/}); without it the bucket and distribution are created empty,
 * so the stack and its tests synthesize on a machine that has not built the web client.
 */
final class WebHosting extends Construct {

    /** The origins a page of the site may call besides its own, for its Content-Security-Policy. */
    record Callees(String apiOrigin, Optional<String> signInOrigin) {
    }

    private final Distribution distribution;

    WebHosting(Construct scope, String id, StageSettings settings, Path builtSite, Callees callees) {
        super(scope, id);
        Bucket site = Bucket.Builder.create(this, "Site")
                .encryption(BucketEncryption.S3_MANAGED)
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .enforceSsl(true)
                // Production keeps every bucket on stack deletion; a dev stage empties and removes it.
                .removalPolicy(settings.production() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .autoDeleteObjects(!settings.production())
                .build();
        ResponseHeadersPolicy headers = ResponseHeadersPolicy.Builder.create(this, "SecurityHeaders")
                .responseHeadersPolicyName("atelier-" + settings.stage() + "-web-security")
                .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
                        .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder()
                                .contentSecurityPolicy(contentSecurityPolicy(callees, presignedImagesOrigin()))
                                .override(true).build())
                        .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                                .accessControlMaxAge(Duration.days(730)).includeSubdomains(true).preload(true)
                                .override(true).build())
                        .contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build())
                        .frameOptions(ResponseHeadersFrameOptions.builder().frameOption(HeadersFrameOption.DENY)
                                .override(true).build())
                        .referrerPolicy(ResponseHeadersReferrerPolicy.builder()
                                .referrerPolicy(HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN).override(true).build())
                        .build())
                .customHeadersBehavior(ResponseCustomHeadersBehavior.builder().customHeaders(List.of(
                        ResponseCustomHeader.builder().header("Permissions-Policy")
                                .value("camera=(), microphone=(), geolocation=(), payment=()").override(true).build(),
                        ResponseCustomHeader.builder().header("Cross-Origin-Opener-Policy")
                                .value("same-origin").override(true).build())).build())
                .build();
        // S3 answers 403 (not 404) for a missing key when the reader may not list the bucket.
        ErrorResponse.Builder appRoute = ErrorResponse.builder().responseHttpStatus(200).responsePagePath("/index.html")
                .ttl(Duration.seconds(0));
        distribution = Distribution.Builder.create(this, "Distribution")
                .comment("Atelier web client, stage " + settings.stage())
                .defaultBehavior(BehaviorOptions.builder()
                        .origin(S3BucketOrigin.withOriginAccessControl(site))
                        .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
                        .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
                        .responseHeadersPolicy(headers)
                        .compress(true)
                        .build())
                .defaultRootObject("index.html")
                .errorResponses(List.of(appRoute.httpStatus(403).build(), appRoute.httpStatus(404).build()))
                .httpVersion(HttpVersion.HTTP2_AND_3)
                .priceClass(PriceClass.PRICE_CLASS_100)
                .build();
        if (Files.isRegularFile(builtSite.resolve("index.html"))) {
            BucketDeployment.Builder.create(this, "Files")
                    .sources(List.of(Source.asset(builtSite.toString()),
                            Source.jsonData("config.json", Map.of("api_url", callees.apiOrigin()))))
                    .destinationBucket(site)
                    .distribution(distribution)
                    .distributionPaths(List.of("/*"))
                    .build();
        } else {
            Annotations.of(this).addInfo("web client not built (no " + builtSite + "/index.html): the site bucket is"
                    + " deployed empty; run npm run build in web/ and deploy again");
        }
        CfnOutput.Builder.create(scope, "WebUrl").value(url()).description("The web client").build();
    }

    /** {@code https://d….cloudfront.net}: the site's origin, which the API and the images bucket allow. */
    String url() {
        return "https://" + distribution.getDistributionDomainName();
    }

    /**
     * The origin of the functions' presigned image URLs, which are path-style: SDK 2.57.8 signs them
     * for {@code s3.amazonaws.com} in us-east-1 and {@code s3.<region>.amazonaws.com} elsewhere.
     */
    private String presignedImagesOrigin() {
        CfnCondition inUsEast1 = CfnCondition.Builder.create(this, "InUsEast1")
                .expression(Fn.conditionEquals(Aws.REGION, "us-east-1")).build();
        return Token.asString(Fn.conditionIf(inUsEast1.getLogicalId(), "https://s3.amazonaws.com",
                "https://s3." + Aws.REGION + ".amazonaws.com"));
    }

    /**
     * No inline script or style, nothing from elsewhere but the API, the sign-in service's token
     * endpoint and the images' presigned URLs.
     */
    private static String contentSecurityPolicy(Callees callees, String images) {
        List<String> connect = new ArrayList<>(List.of("'self'", callees.apiOrigin(), images));
        callees.signInOrigin().ifPresent(connect::add);
        return String.join("; ",
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data: blob: " + images,
                "connect-src " + String.join(" ", connect),
                "font-src 'self'",
                "manifest-src 'self'",
                "worker-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'" + callees.signInOrigin().map(origin -> " " + origin).orElse(""),
                "frame-ancestors 'none'",
                "upgrade-insecure-requests");
    }
}
