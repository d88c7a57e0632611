package com.atelier.infra;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.services.logs.RetentionDays;

class StageSettingsTest {

    private static StageSettings withSpotPrice(String price) {
        return new StageSettings("prod", true, RetentionDays.THREE_MONTHS, 30, 1, List.of("*"), 200, 400, 1.006,
                "g5.xlarge", price, 8, 4, false);
    }

    @Test
    void aSpotMaxPriceMustBeANumberOfDollars() {
        assertThatNoException().isThrownBy(() -> withSpotPrice("0.50"));
        assertThatNoException().isThrownBy(() -> withSpotPrice(null));
        assertThatIllegalArgumentException().isThrownBy(() -> withSpotPrice("$0.50"))
                .withMessageContaining("gpuSpotMaxPrice");
    }
}
