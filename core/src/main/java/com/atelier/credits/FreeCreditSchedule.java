package com.atelier.credits;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Free credits by monthly period, anchored on the sign-up day: 50 in the first period, 15 in each
 * later one, each lot expiring when the next period starts (no rollover). An account opened on the
 * 3rd refills on the 3rd; one opened on the 29th, 30th or 31st refills on the 28th, which every
 * month has. Periods start at midnight UTC of the refill day; the first starts at sign-up.
 */
public final class FreeCreditSchedule {

    public static final int FIRST_PERIOD_CREDITS = 50;
    public static final int LATER_PERIOD_CREDITS = 15;
    static final int LATEST_REFILL_DAY = 28;

    private FreeCreditSchedule() {
    }

    /** One period of free credits: its number (0 for the first), when it starts and ends, and its credits. */
    public record Period(int index, Instant start, Instant end, int credits) {

        public String lotId() {
            return "free-" + index;
        }

        public CreditLot lot() {
            return new CreditLot(lotId(), CreditKind.FREE, credits, credits, start, end);
        }
    }

    public static Period periodAt(Instant accountCreatedAt, Instant now) {
        if (now.isBefore(accountCreatedAt)) {
            return period(accountCreatedAt, 0);
        }
        YearMonth signUpMonth = YearMonth.from(accountCreatedAt.atZone(ZoneOffset.UTC));
        YearMonth nowMonth = YearMonth.from(now.atZone(ZoneOffset.UTC));
        int index = (int) signUpMonth.until(nowMonth, ChronoUnit.MONTHS);
        if (index > 0 && now.isBefore(start(accountCreatedAt, index))) {
            index--;
        }
        return period(accountCreatedAt, index);
    }

    public static Period period(Instant accountCreatedAt, int index) {
        return new Period(index, start(accountCreatedAt, index), start(accountCreatedAt, index + 1),
                index == 0 ? FIRST_PERIOD_CREDITS : LATER_PERIOD_CREDITS);
    }

    /** When period {@code index} starts; the next refill of an account in period k is {@code start(k + 1)}. */
    public static Instant start(Instant accountCreatedAt, int index) {
        if (index == 0) {
            return accountCreatedAt;
        }
        ZonedDateTime signUp = accountCreatedAt.atZone(ZoneOffset.UTC);
        int refillDay = Math.min(signUp.getDayOfMonth(), LATEST_REFILL_DAY);
        LocalDate refill = YearMonth.from(signUp).plusMonths(index).atDay(refillDay);
        return refill.atStartOfDay(ZoneOffset.UTC).toInstant();
    }
}
