package com.atelier.costs;

import com.atelier.usage.UsageCell;
import com.atelier.usage.UsageFigures;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The cost model's arithmetic on round prices, line by line, and the bundled prices file read whole. */
class CostModelTest {

    private static final CloudPrices ROUND = new CloudPrices("us-east-1", LocalDate.parse("2026-12-07"), "g5.xlarge",
            2.0, 0.00001, 0.2, 1.0, 1.0, 0.25, 0.4, 0.03, 15, 0.1,
            new CloudPrices.PerJob(5, 0.5, 4, 8, 4, 5), Map.of("1024x1024", 1L << 30));
    private static final UsageCell LARGE = new UsageCell("acct-1", "image.generation", "1024x1024", "dall-e-2",
            Optional.empty(), Optional.empty());

    private final CostModel model = new CostModel(ROUND);

    private static void assertUsd(BigDecimal actual, String expected) {
        assertThat(actual).isEqualByComparingTo(expected);
    }

    @Test
    void eachLineIsItsPriceTimesWhatTheUsageTook() {
        // Two jobs, four images of exactly 1 GB each, half an hour of device time.
        Map<CostLineItem, BigDecimal> lines = model.cost(LARGE, new UsageFigures(4, 2, 2, 0, 1_800_000, 1_800_000, 0));

        assertUsd(lines.get(CostLineItem.GPU_TIME), "1.0");                 // 0.5 h × $2
        assertUsd(lines.get(CostLineItem.FUNCTIONS), "0.000012");           // 2 × (0.5 GB-s × $0.00001 + 5 × $0.2/M)
        assertUsd(lines.get(CostLineItem.API_REQUESTS), "0.000008");        // 2 × 4 × $1/M
        assertUsd(lines.get(CostLineItem.DATABASE), "0.000018");            // 2 × (8 × $1/M + 4 × $0.25/M)
        assertUsd(lines.get(CostLineItem.QUEUE), "0.000004");               // 2 × 5 × $0.4/M
        assertUsd(lines.get(CostLineItem.STORAGE), "0.06");                 // 4 GB × $0.03 × 15/30 month
        assertUsd(lines.get(CostLineItem.TRANSFER), "0.4");                 // 4 GB × $0.1
    }

    @Test
    void noUsageCostsNothingOnEveryLine() {
        assertThat(model.cost(LARGE, UsageFigures.NONE).values()).hasSize(CostLineItem.values().length)
                .allSatisfy(usd -> assertThat(usd).isZero());
    }

    @Test
    void theBundledPricesSayWhereAndWhenTheyWereRecorded() {
        CloudPrices bundled = CloudPrices.bundled();

        assertThat(bundled.region()).isEqualTo("us-east-1");
        assertThat(bundled.recordedOn()).isNotNull();
        assertThat(bundled.gpuUsdPerHour()).isPositive();
        assertThat(bundled.pngBytesPerImage()).containsOnlyKeys("256x256", "512x512", "1024x1024");
    }
}
