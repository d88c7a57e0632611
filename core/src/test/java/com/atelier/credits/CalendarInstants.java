package com.atelier.credits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Instants between 2000 and 2100 (UTC) that lean on the calendar's awkward spots: the 27th to the 31st,
 * month ends of 28 to 31 day months, Feb 29 of leap years, Dec 31 / Jan 1, and times close to midnight.
 */
final class CalendarInstants {

    static final int FIRST_YEAR = 2000;
    static final int LAST_YEAR = 2099;

    private CalendarInstants() {
    }

    static Arbitrary<Instant> instants() {
        return Combinators.combine(dates(), timesOfDay())
                .as((date, time) -> date.atTime(time).toInstant(ZoneOffset.UTC));
    }

    static Arbitrary<LocalDate> dates() {
        Arbitrary<Integer> years = Arbitraries.integers().between(FIRST_YEAR, LAST_YEAR);
        Arbitrary<YearMonth> months = Combinators.combine(years, Arbitraries.integers().between(1, 12)).as(YearMonth::of);
        Arbitrary<LocalDate> anyDay = months.flatMap(
                month -> Arbitraries.integers().between(1, month.lengthOfMonth()).map(month::atDay));
        Arbitrary<LocalDate> lateInMonth = Combinators.combine(months, Arbitraries.integers().between(27, 31))
                .as((month, day) -> month.atDay(Math.min(day, month.lengthOfMonth())));
        Arbitrary<LocalDate> monthEnd = months.map(YearMonth::atEndOfMonth);
        Arbitrary<LocalDate> monthStart = months.map(month -> month.atDay(1));
        Arbitrary<LocalDate> leapDay = Arbitraries.integers().between(FIRST_YEAR / 4, LAST_YEAR / 4)
                .map(quarter -> LocalDate.of(quarter * 4, 2, 29));
        Arbitrary<LocalDate> yearEnd = years.flatMap(year -> Arbitraries.of(
                LocalDate.of(year, 12, 31), LocalDate.of(year + 1, 1, 1)));
        return Arbitraries.frequencyOf(
                Tuple.of(4, anyDay),
                Tuple.of(3, lateInMonth),
                Tuple.of(2, monthEnd),
                Tuple.of(1, monthStart),
                Tuple.of(1, leapDay),
                Tuple.of(1, yearEnd));
    }

    static Arbitrary<LocalTime> timesOfDay() {
        Arbitrary<LocalTime> anyTime = Arbitraries.longs().between(0, LocalTime.MAX.toNanoOfDay()).map(LocalTime::ofNanoOfDay);
        Arbitrary<LocalTime> nearMidnight = Arbitraries.of(
                LocalTime.MIDNIGHT,
                LocalTime.ofNanoOfDay(1),
                LocalTime.of(0, 0, 1),
                LocalTime.of(0, 30),
                LocalTime.of(23, 30),
                LocalTime.of(23, 59, 59),
                LocalTime.MAX);
        return Arbitraries.frequencyOf(Tuple.of(1, anyTime), Tuple.of(1, nearMidnight));
    }
}
