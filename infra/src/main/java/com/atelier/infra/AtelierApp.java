package com.atelier.infra;

import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app, run from {@code infra/} (the worker image's build context is the repository above it): {@code cdk synth -c stage=dev} (or {@code -c stage=dev,prod}; {@code ./atelier synth}
 * writes both) writes one stack per stage. The account and region come from the CLI's credentials, as {@code cdk deploy} resolves them.
 */
public final class AtelierApp {

    private AtelierApp() {
    }

    public static void main(String[] args) {
        App app = new App();
        Object lean = app.getNode().tryGetContext("functionsPackage");
        Object faces = app.getNode().tryGetContext("functionsFacesPackage");
        LambdaPackages packages = new LambdaPackages(
                lean == null ? LambdaPackages.defaultLean() : Path.of(lean.toString()),
                faces == null ? LambdaPackages.defaultFaces() : Path.of(faces.toString()));
        for (StageSettings settings : StageSettings.allFromContext(app.getNode())) {
            new AtelierStack(app, "Atelier-" + settings.stage(), StackProps.builder()
                    .env(Environment.builder()
                            .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                            .region(System.getenv("CDK_DEFAULT_REGION"))
                            .build())
                    .description("Atelier image generation service, stage " + settings.stage())
                    .build(), settings, packages, Path.of(".."));
        }
        app.synth();
    }
}
