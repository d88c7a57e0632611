package com.atelier.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouteTest {

    @Test
    void routeKeyIsMethodAndTemplateAsApiGatewayWritesIt() {
        assertThat(new Route("GET", "/v1/jobs/{id}", ApiFunction.HEALTH).routeKey()).isEqualTo("GET /v1/jobs/{id}");
    }

    @Test
    void segmentsSplitTheTemplate() {
        assertThat(new Route("ANY", "/files/{path+}", ApiFunction.HEALTH).segments()).containsExactly("files", "{path+}");
        assertThat(new Route("GET", "/", ApiFunction.HEALTH).segments()).isEmpty();
    }

    @Test
    void malformedTemplatesAreRefused() {
        assertThatThrownBy(() -> new Route("GET", "health", ApiFunction.HEALTH)).hasMessageContaining("starts with '/'");
        assertThatThrownBy(() -> new Route("GET", "/a/{rest+}/b", ApiFunction.HEALTH)).hasMessageContaining("greedy");
        assertThatThrownBy(() -> new Route("GET", "/a b", ApiFunction.HEALTH)).hasMessageContaining("invalid segment");
        assertThatThrownBy(() -> new Route("FETCH", "/a", ApiFunction.HEALTH)).hasMessageContaining("unknown method");
    }

    @Test
    void everyDeclaredRouteIsUniqueAndReachesAHandlerClass() {
        assertThat(ApiRoutes.ALL).extracting(Route::routeKey).doesNotHaveDuplicates();
        assertThat(ApiRoutes.ALL).allSatisfy(route ->
                assertThat(route.function().handlerClassName()).startsWith("com.atelier.functions."));
    }
}
