package com.atelier.infra;

import java.nio.file.Path;
import java.util.List;
import software.amazon.awscdk.App;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.logs.RetentionDays;

/** The dev and prod stages the infra tests synthesize: dev On-Demand without Cognito, prod on Spot with it. */
final class StageTemplates {

    static final StageSettings DEV = new StageSettings("dev", false, RetentionDays.TWO_WEEKS, 30, 1, List.of(), 20, 40,
            1.006, "g5.xlarge", null, 2, 4, false);
    static final StageSettings PROD = new StageSettings("prod", true, RetentionDays.THREE_MONTHS, 30, 1,
            List.of("https://atelier.example"), 200, 400, 1.006, "g6.xlarge", "0.50", 8, 4, true);

    private StageTemplates() {
    }

    static AtelierStack stack(App app, StageSettings settings) {
        return new AtelierStack(app, "Atelier-" + settings.stage(), StackProps.builder().build(), settings,
                LambdaPackages.defaults(), Path.of(".."));
    }

    static Template synthesize(StageSettings settings) {
        return Template.fromStack(stack(new App(), settings));
    }
}
