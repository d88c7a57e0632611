package com.atelier.local.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.local.LocalStack;
import com.atelier.local.testing.LocalStackExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

/** ./atelier bootstrap-admin against the local stack's tables, as an operator runs it against a deployed stage. */
@ExtendWith(LocalStackExtension.class)
class BootstrapAdminIT {

    private static final Pattern KEY = Pattern.compile("API key \\(shown once\\): (sk-\\S+)");

    private record Run(int exit, String out) {
    }

    private static Run bootstrap(String... arguments) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exit = new CommandLine(new BootstrapAdminCommand()).execute(arguments);
            return new Run(exit, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    private static String key(Run run) {
        Matcher matcher = KEY.matcher(run.out());
        assertThat(matcher.find()).as(run.out()).isTrue();
        return matcher.group(1);
    }

    private static int adminRouteStatus(LocalStack stack, String apiKey) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.gatewayUrl() + "/v1/organization/usage/images?start_time=1793491200"))
                .header("Authorization", "Bearer " + apiKey).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void theFirstAdminIsOpenedOnceWithAKeyThatOpensTheAdminRoutes(LocalStack stack) throws Exception {
        String accountId = "acct_admin_" + UUID.randomUUID().toString().substring(0, 8);

        Run first = bootstrap("--stage", "local", "--account-id", accountId);
        assertThat(first.exit()).isZero();
        assertThat(first.out()).contains("opened admin account " + accountId);
        assertThat(adminRouteStatus(stack, key(first))).isEqualTo(200);

        Run again = bootstrap("--stage", "local", "--account-id", accountId);
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.out()).doesNotContain("sk-");

        Run newKey = bootstrap("--stage", "local", "--account-id", accountId, "--new-key");
        assertThat(newKey.exit()).isZero();
        assertThat(newKey.out()).contains("new key for admin account " + accountId);
        assertThat(key(newKey)).isNotEqualTo(key(first));
        assertThat(adminRouteStatus(stack, key(newKey))).isEqualTo(200);
    }

    @Test
    void anExistingAccountThatIsNoAdminIsNotMadeOne() {
        Run run = bootstrap("--stage", "local", "--account-id", "acct_local_demo", "--new-key");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).doesNotContain("sk-");
    }
}
