package com.atelier.credits;

import static org.assertj.core.api.Assertions.assertThat;

import com.atelier.credits.FreeCreditSchedule.Period;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

class FreeCreditSchedulePropertiesTest {

    /** An account's sign-up and a moment at or after it. */
    record AccountAndNow(Instant createdAt, Instant now) {
    }

    // ---- where "now" falls ----

    @Property
    void thePeriodAtNowContainsNow(@ForAll("accountsAndNows") AccountAndNow a) {
        Period period = FreeCreditSchedule.periodAt(a.createdAt(), a.now());

        assertThat(period.index()).isNotNegative();
        assertThat(period.start()).isBeforeOrEqualTo(a.now());
        assertThat(period.end()).isAfter(a.now());
    }

    @Property
    void thePeriodAtNowIsThePeriodOfItsIndex(@ForAll("accountsAndNows") AccountAndNow a) {
        Period period = FreeCreditSchedule.periodAt(a.createdAt(), a.now());

        assertThat(period).isEqualTo(FreeCreditSchedule.period(a.createdAt(), period.index()));
    }

    @Property
    void theFirstPeriodStartsAtSignUp(@ForAll("instants") Instant createdAt) {
        assertThat(FreeCreditSchedule.period(createdAt, 0).start()).isEqualTo(createdAt);
        assertThat(FreeCreditSchedule.periodAt(createdAt, createdAt).index()).isZero();
    }

    @Property
    void aRefillInstantBelongsToTheNewPeriodAndTheNanosecondBeforeToThePreviousOne(
            @ForAll("instants") Instant createdAt, @ForAll @IntRange(min = 1, max = 1200) int k) {
        Instant refill = expectedRefill(createdAt, k);

        assertThat(FreeCreditSchedule.periodAt(createdAt, refill).index()).isEqualTo(k);
        assertThat(FreeCreditSchedule.periodAt(createdAt, refill.minusNanos(1)).index()).isEqualTo(k - 1);
    }

    @Property
    void thePeriodAtNowNeverGoesBackAsNowAdvances(
            @ForAll("accountsAndNows") AccountAndNow a, @ForAll("advances") Duration advance) {
        Instant later = a.now().plus(advance);

        assertThat(FreeCreditSchedule.periodAt(a.createdAt(), later).index())
                .isGreaterThanOrEqualTo(FreeCreditSchedule.periodAt(a.createdAt(), a.now()).index());
    }

    // ---- shape of the periods ----

    @Property
    void consecutivePeriodsTileTimeWithoutGapsOrOverlaps(
            @ForAll("instants") Instant createdAt, @ForAll @IntRange(min = 0, max = 1200) int k) {
        Period period = FreeCreditSchedule.period(createdAt, k);
        Period next = FreeCreditSchedule.period(createdAt, k + 1);

        assertThat(period.start()).isBefore(period.end());
        assertThat(period.end()).isEqualTo(next.start());
    }

    @Property
    void everyRefillIsAtMidnightUtcOnTheSignUpDayCappedAtThe28th(
            @ForAll("instants") Instant createdAt, @ForAll @IntRange(min = 1, max = 1200) int k) {
        int signUpDay = createdAt.atZone(ZoneOffset.UTC).getDayOfMonth();
        ZonedDateTime refill = FreeCreditSchedule.period(createdAt, k).start().atZone(ZoneOffset.UTC);

        assertThat(refill.getDayOfMonth()).isEqualTo(Math.min(signUpDay, 28));
        assertThat(refill.toLocalTime()).isEqualTo(LocalTime.MIDNIGHT);
    }

    @Property
    void theKthRefillFallsInTheKthMonthAfterTheSignUpMonth(
            @ForAll("instants") Instant createdAt, @ForAll @IntRange(min = 1, max = 1200) int k) {
        YearMonth signUpMonth = YearMonth.from(createdAt.atZone(ZoneOffset.UTC));
        Instant refill = FreeCreditSchedule.period(createdAt, k).start();

        assertThat(YearMonth.from(refill.atZone(ZoneOffset.UTC))).isEqualTo(signUpMonth.plusMonths(k));
    }

    @Property
    void laterPeriodsLastWholeDaysBetween28And31(
            @ForAll("instants") Instant createdAt, @ForAll @IntRange(min = 1, max = 1200) int k) {
        Period period = FreeCreditSchedule.period(createdAt, k);
        Duration length = Duration.between(period.start(), period.end());

        assertThat(length.toNanos() % Duration.ofDays(1).toNanos()).isZero();
        assertThat(length.toDays()).isBetween(28L, 31L);
    }

    @Property
    void theFirstPeriodLastsMoreThan27DaysAndAtMost31(@ForAll("instants") Instant createdAt) {
        Period first = FreeCreditSchedule.period(createdAt, 0);
        Duration length = Duration.between(first.start(), first.end());

        assertThat(length).isGreaterThan(Duration.ofDays(27)).isLessThanOrEqualTo(Duration.ofDays(31));
    }

    // ---- credits and lots ----

    @Property
    void theFirstPeriodGrants50AndEveryLaterPeriod15(@ForAll("accountsAndNows") AccountAndNow a) {
        Period period = FreeCreditSchedule.periodAt(a.createdAt(), a.now());

        assertThat(period.credits()).isEqualTo(period.index() == 0 ? 50 : 15);
    }

    @Property
    void aPeriodsLotHoldsItsCreditsAndExpiresExactlyWhenTheNextPeriodStarts(@ForAll("accountsAndNows") AccountAndNow a) {
        Period period = FreeCreditSchedule.periodAt(a.createdAt(), a.now());
        CreditLot lot = period.lot();

        assertThat(lot.kind()).isEqualTo(CreditKind.FREE);
        assertThat(lot.lotId()).isEqualTo("free-" + period.index());
        assertThat(lot.amount()).isEqualTo(period.credits());
        assertThat(lot.remaining()).isEqualTo(period.credits());
        assertThat(lot.grantedAt()).isEqualTo(period.start());
        assertThat(lot.usableAt(a.now())).isTrue();
        assertThat(lot.expiredAt(period.end())).isTrue();
        assertThat(FreeCreditSchedule.periodAt(a.createdAt(), period.end()).index()).isEqualTo(period.index() + 1);
    }

    // ---- examples ----

    @Example
    void signedUpOnJanuary31stRefillsOnThe28thOfFebruaryAndMarch() {
        Instant createdAt = Instant.parse("2024-01-31T10:15:00Z");

        assertThat(FreeCreditSchedule.start(createdAt, 1)).isEqualTo(Instant.parse("2024-02-28T00:00:00Z"));
        assertThat(FreeCreditSchedule.start(createdAt, 2)).isEqualTo(Instant.parse("2024-03-28T00:00:00Z"));
        assertThat(FreeCreditSchedule.periodAt(createdAt, Instant.parse("2024-02-27T23:59:59.999999999Z")).index()).isZero();
        assertThat(FreeCreditSchedule.periodAt(createdAt, Instant.parse("2024-02-28T00:00:00Z")).index()).isEqualTo(1);
        assertThat(FreeCreditSchedule.periodAt(createdAt, Instant.parse("2024-02-29T12:00:00Z")).credits()).isEqualTo(15);
    }

    @Example
    void signedUpLateOnDecember15thStartsPeriodOneAtMidnightOfJanuary15th() {
        Instant createdAt = Instant.parse("2023-12-15T23:30:00Z");

        Period first = FreeCreditSchedule.periodAt(createdAt, Instant.parse("2024-01-14T23:59:59Z"));
        Period second = FreeCreditSchedule.periodAt(createdAt, Instant.parse("2024-01-15T00:00:00Z"));

        assertThat(first).isEqualTo(new Period(0, createdAt, Instant.parse("2024-01-15T00:00:00Z"), 50));
        assertThat(second).isEqualTo(new Period(1, Instant.parse("2024-01-15T00:00:00Z"), Instant.parse("2024-02-15T00:00:00Z"), 15));
    }

    @Example
    void signedUpOnLeapDayRefillsOnThe28th() {
        Instant createdAt = Instant.parse("2024-02-29T08:00:00Z");

        assertThat(FreeCreditSchedule.start(createdAt, 1)).isEqualTo(Instant.parse("2024-03-28T00:00:00Z"));
        assertThat(FreeCreditSchedule.start(createdAt, 12)).isEqualTo(Instant.parse("2025-02-28T00:00:00Z"));
        assertThat(FreeCreditSchedule.start(createdAt, 48)).isEqualTo(Instant.parse("2028-02-28T00:00:00Z"));
    }

    @Example
    void signedUpOnThe3rdRefillsOnThe3rd() {
        Instant createdAt = Instant.parse("2025-03-03T17:45:00Z");

        assertThat(FreeCreditSchedule.start(createdAt, 1)).isEqualTo(Instant.parse("2025-04-03T00:00:00Z"));
        assertThat(FreeCreditSchedule.start(createdAt, 10)).isEqualTo(Instant.parse("2026-01-03T00:00:00Z"));
    }

    // ---- arbitraries ----

    @Provide
    Arbitrary<Instant> instants() {
        return CalendarInstants.instants();
    }

    @Provide
    Arbitrary<AccountAndNow> accountsAndNows() {
        Arbitrary<AccountAndNow> atSignUp = CalendarInstants.instants().map(at -> new AccountAndNow(at, at));
        Arbitrary<AccountAndNow> anyLater = Combinators.combine(CalendarInstants.instants(), CalendarInstants.instants())
                .as((x, y) -> x.isAfter(y) ? new AccountAndNow(y, x) : new AccountAndNow(x, y));
        Arbitrary<AccountAndNow> nearARefill = Combinators.combine(
                        CalendarInstants.instants(),
                        Arbitraries.integers().between(1, 240),
                        Arbitraries.of(Duration.ofDays(-1), Duration.ofSeconds(-1), Duration.ofNanos(-1), Duration.ZERO,
                                Duration.ofNanos(1), Duration.ofSeconds(1), Duration.ofDays(1)))
                .as((createdAt, k, offset) -> new AccountAndNow(createdAt, expectedRefill(createdAt, k).plus(offset)));
        return Arbitraries.frequencyOf(Tuple.of(1, atSignUp), Tuple.of(4, anyLater), Tuple.of(4, nearARefill));
    }

    @Provide
    Arbitrary<Duration> advances() {
        Arbitrary<Duration> tiny = Arbitraries.of(Duration.ZERO, Duration.ofNanos(1), Duration.ofSeconds(1), Duration.ofDays(1));
        Arbitrary<Duration> upToThreeYears = Arbitraries.longs().between(0, Duration.ofDays(3 * 366).toSeconds()).map(Duration::ofSeconds);
        return Arbitraries.oneOf(tiny, upToThreeYears);
    }

    /** The k-th refill (k ≥ 1) worked out from the product rule, independently of the code under test. */
    private static Instant expectedRefill(Instant createdAt, int k) {
        ZonedDateTime signUp = createdAt.atZone(ZoneOffset.UTC);
        return YearMonth.from(signUp).plusMonths(k)
                .atDay(Math.min(signUp.getDayOfMonth(), 28))
                .atStartOfDay(ZoneOffset.UTC)
                .toInstant();
    }
}
