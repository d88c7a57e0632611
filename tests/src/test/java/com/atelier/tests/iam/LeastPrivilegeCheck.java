package com.atelier.tests.iam;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.atelier.infra.AtelierStack;
import com.atelier.infra.LambdaPackages;
import com.atelier.infra.StageSettings;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Template;

/**
 * Least privilege that can fail: every AWS call the Lambda functions and the GPU worker made while
 * local's {@code *IT} and these end-to-end suites ran (SnapStart priming included; see
 * {@code com.atelier.local.iam.AwsCallRecorder}) must be allowed by that principal's IAM policy in
 * the synthesized production stack. Runs in its own failsafe execution after the suites that record
 * (tests/pom.xml); when nothing was recorded it is skipped, saying why, rather than passing.
 */
class LeastPrivilegeCheck {

    private static final String STAGE = "prod";

    @Test
    void everyCallAFunctionOrTheWorkerMadeIsAllowedByItsRole() {
        List<Path> folders = Arrays.stream(System.getProperty("atelier.awsCallDirs", "target/aws-calls,../local/target/aws-calls")
                .split(",")).map(String::trim).map(Path::of).toList();
        Set<RecordedCall> calls = RecordedCall.readAll(folders);
        assumeFalse(calls.isEmpty(), "no AWS calls were recorded in " + folders + ": the *IT suites of local and tests"
                + " did not run in this build (-DskipITs, -Dit.test=…?), so there is nothing to check");

        IdentityPolicies policies = new IdentityPolicies(synthesize(), "atelier-" + STAGE + "-");
        Map<String, Optional<IdentityPolicies.Role>> roles = new TreeMap<>();
        calls.forEach(call -> roles.computeIfAbsent(call.principal(), policies::roleOf));
        List<RecordedCall> denied = calls.stream()
                .filter(call -> roles.get(call.principal())
                        .map(role -> !IdentityPolicies.allows(role, call.action(), call.resource())).orElse(true))
                .sorted(Comparator.comparing(RecordedCall::principal).thenComparing(RecordedCall::action)
                        .thenComparing(RecordedCall::resource))
                .toList();
        if (!denied.isEmpty()) {
            fail(report(denied, roles, calls.size()));
        }
    }

    private static String report(List<RecordedCall> denied, Map<String, Optional<IdentityPolicies.Role>> roles, int checked) {
        StringBuilder report = new StringBuilder().append(denied.size()).append(" of ").append(checked)
                .append(" recorded AWS calls are not allowed by the caller's IAM policy in the synthesized stack Atelier-")
                .append(STAGE).append(" (function, action, resource, SDK operation):\n");
        Map<String, List<RecordedCall>> byPrincipal = denied.stream()
                .collect(Collectors.groupingBy(RecordedCall::principal, TreeMap::new, Collectors.toList()));
        byPrincipal.forEach((principal, missing) -> {
            report.append("  ").append(principal).append(roles.get(principal)
                    .map(role -> " (role " + role.logicalId() + ")")
                    .orElse(" (no function atelier-" + STAGE + "-" + principal + " or worker task role in the template)"))
                    .append(":\n");
            for (RecordedCall call : missing) {
                report.append(String.format("    %-26s %-62s %s%n", call.action(), call.resource(), call.operation()));
            }
        });
        return report.append("Grant these in infra (FunctionAccess.USES / GpuWorkerService), or stop the code making the call.")
                .toString();
    }

    private static Map<String, Object> synthesize() {
        App app = new App(AppProps.builder().context(Map.of("stage", STAGE)).build());
        StageSettings settings = StageSettings.allFromContext(app.getNode()).get(0);
        return Template.fromStack(new AtelierStack(app, "Atelier-" + STAGE, StackProps.builder().build(), settings,
                LambdaPackages.defaults(), Path.of(".."))).toJSON();
    }
}
