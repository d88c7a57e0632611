package com.atelier.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.atelier.jobs.JobKind;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

class PricingTest {

    @Property
    void creditsAreTheImagesDividedByImagesPerCreditRoundedUp(
            @ForAll JobKind kind, @ForAll @IntRange(min = 1, max = 10) int images) {
        int expected = (int) Math.ceil(images / (double) kind.imagesPerCredit());

        assertThat(Pricing.creditsFor(kind, images)).isEqualTo(expected);
    }

    @Property
    void oneMoreImageNeverCostsLessAndAtMostOneMoreCredit(
            @ForAll JobKind kind, @ForAll @IntRange(min = 1, max = 9) int images) {
        int credits = Pricing.creditsFor(kind, images);

        assertThat(Pricing.creditsFor(kind, images + 1)).isBetween(credits, credits + 1);
    }

    @Property
    void imageCountsOutsideOneToTenAreRejected(@ForAll JobKind kind, @ForAll("outsideOneToTen") int images) {
        assertThatThrownBy(() -> Pricing.creditsFor(kind, images)).isInstanceOf(IllegalArgumentException.class);
    }

    @Example
    void zeroAndElevenImagesAreRejectedForEveryKind() {
        for (JobKind kind : JobKind.values()) {
            assertThatThrownBy(() -> Pricing.creditsFor(kind, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> Pricing.creditsFor(kind, 11)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Example
    void generationsCostOneCreditPerFourImages() {
        for (int images = 1; images <= 4; images++) {
            assertThat(Pricing.creditsFor(JobKind.GENERATION, images)).as("%d images", images).isEqualTo(1);
        }
        assertThat(Pricing.creditsFor(JobKind.GENERATION, 5)).isEqualTo(2);
        assertThat(Pricing.creditsFor(JobKind.GENERATION, 8)).isEqualTo(2);
        assertThat(Pricing.creditsFor(JobKind.GENERATION, 9)).isEqualTo(3);
        assertThat(Pricing.creditsFor(JobKind.GENERATION, 10)).isEqualTo(3);
    }

    @Example
    void editsAndVariationsCostOneCreditPerThreeImages() {
        for (JobKind kind : new JobKind[] {JobKind.EDIT, JobKind.VARIATION}) {
            assertThat(Pricing.creditsFor(kind, 1)).as("%s 1", kind).isEqualTo(1);
            assertThat(Pricing.creditsFor(kind, 3)).as("%s 3", kind).isEqualTo(1);
            assertThat(Pricing.creditsFor(kind, 4)).as("%s 4", kind).isEqualTo(2);
            assertThat(Pricing.creditsFor(kind, 7)).as("%s 7", kind).isEqualTo(3);
            assertThat(Pricing.creditsFor(kind, 10)).as("%s 10", kind).isEqualTo(4);
        }
    }

    @Provide
    Arbitrary<Integer> outsideOneToTen() {
        return Arbitraries.frequencyOf(
                Tuple.of(2, Arbitraries.of(0, 11, -1, 12, Integer.MIN_VALUE, Integer.MAX_VALUE)),
                Tuple.of(1, Arbitraries.integers().lessOrEqual(0)),
                Tuple.of(1, Arbitraries.integers().greaterOrEqual(11)));
    }
}
