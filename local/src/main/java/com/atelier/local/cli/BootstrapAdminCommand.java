package com.atelier.local.cli;

import com.atelier.accounts.AdminBootstrap;
import com.atelier.aws.AwsClients;
import com.atelier.config.AtelierConfig;
import com.atelier.functions.wiring.AwsAdapters;
import com.atelier.functions.wiring.Wiring;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * {@code ./atelier bootstrap-admin --stage dev}: the first admin account and API key of a deployed
 * stage, made with the caller's AWS credentials and region (the SDK's usual settings) in that
 * stage's tables. The key is printed once; it is stored only as a hash.
 */
@Command(name = "bootstrap-admin", mixinStandardHelpOptions = true,
        description = {"Open a deployed stage's first admin account and print its API key (once), using your AWS"
                + " credentials and region (AWS_PROFILE, AWS_REGION, …)."})
final class BootstrapAdminCommand implements Callable<Integer> {

    @Option(names = "--stage", required = true, description = "The stage deployed with cdk deploy -c stage=… (e.g. dev).")
    String stage;

    @Option(names = "--account-id", defaultValue = "acct_admin", description = "The admin's account id (default: ${DEFAULT-VALUE}).")
    String accountId;

    @Option(names = "--new-key", description = "Issue another key when the admin exists already.")
    boolean newKey;

    @Override
    public Integer call() {
        try (AwsClients clients = AwsClients.fromSdkSettings()) {
            AtelierConfig config = AtelierConfig.from(Map.of(AtelierConfig.STAGE_VARIABLE, stage));
            Wiring wiring = new Wiring(config, new AwsAdapters(config, clients), Clock.systemUTC());
            AdminBootstrap.Issued issued = new AdminBootstrap(wiring.credits(), wiring.creditAccounts(), wiring.apiKeys(),
                    wiring.clock()).bootstrap(accountId, newKey);
            System.out.println((issued.opened() ? "opened admin account " : "new key for admin account ") + issued.accountId());
            System.out.println("API key (shown once): " + issued.key().secret());
            return 0;
        } catch (AdminBootstrap.NotAnAdminException | AdminBootstrap.AlreadyBootstrappedException e) {
            System.err.println("bootstrap-admin: " + e.getMessage());
            return 1;
        } catch (SdkException e) {
            System.err.println("bootstrap-admin: AWS refused or could not be reached: " + e.getMessage());
            return 1;
        }
    }
}
