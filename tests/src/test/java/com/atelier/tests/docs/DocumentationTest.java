package com.atelier.tests.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.api.ApiRoutes;
import com.atelier.api.Route;
import com.atelier.local.AtelierHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the guides must hold whatever the stack does; DocumentedExamplesIT runs their examples. */
class DocumentationTest {

    private final Path home = AtelierHome.locate();

    @Test
    void theApiGuideNamesEveryRouteOfTheTable() throws Exception {
        String guide = Files.readString(home.resolve("docs/api.md"));
        List<String> missing = ApiRoutes.ALL.stream().map(Route::routeKey)
                .filter(route -> !guide.contains("`" + route + "`"))
                .toList();
        assertThat(missing).as("routes of ApiRoutes.ALL that docs/api.md does not name as `METHOD /path`").isEmpty();
    }

    @Test
    void everyTestedExampleOfTheApiGuideNamesTheStatusesItExpects() {
        List<FencedBlocks.Block> tested = FencedBlocks.of(home.resolve("docs/api.md")).testedShell();
        assertThat(tested).isNotEmpty().allSatisfy(block ->
                assertThat(block.expectedStatuses()).as("statuses of the block at docs/api.md:%d", block.line()).isNotEmpty());
    }

    @Test
    void theJavaScriptExampleOfTheSdkGuideIsTheFileTheSuiteRuns() throws Exception {
        String example = Files.readString(home.resolve("tests/js/example.mjs"));
        assertThat(FencedBlocks.of(home.resolve("docs/sdks.md")).blocks())
                .as("docs/sdks.md shows tests/js/example.mjs as it is")
                .anySatisfy(block -> {
                    assertThat(block.info()).isEqualTo("js");
                    assertThat(block.body()).isEqualTo(example);
                });
    }
}
