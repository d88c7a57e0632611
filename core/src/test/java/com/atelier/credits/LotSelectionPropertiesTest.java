package com.atelier.credits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

class LotSelectionPropertiesTest {

    /** The product's spending order, written out independently: soonest expiry, then FREE < GRANT < PAID, then lot id. */
    private static final Map<CreditKind, Integer> KIND_RANK = Map.of(CreditKind.FREE, 0, CreditKind.GRANT, 1, CreditKind.PAID, 2);
    private static final Comparator<CreditLot> EXPECTED_ORDER = Comparator.comparing(CreditLot::expiresAt)
            .thenComparing(lot -> KIND_RANK.get(lot.kind()))
            .thenComparing(CreditLot::lotId);

    /** Some lots, the moment of the debit, and the credits it asks for. */
    record Debit(List<CreditLot> lots, Instant now, int credits) {

        List<CreditLot> usableInSpendingOrder() {
            return lots.stream().filter(lot -> isUsable(lot, now)).sorted(EXPECTED_ORDER).toList();
        }

        int usableBalance() {
            return usableInSpendingOrder().stream().mapToInt(CreditLot::remaining).sum();
        }

        CreditLot lot(String lotId) {
            return lots.stream().filter(lot -> lot.lotId().equals(lotId)).findFirst().orElseThrow();
        }
    }

    private static boolean isUsable(CreditLot lot, Instant now) {
        return lot.remaining() > 0 && lot.expiresAt().isAfter(now);
    }

    // ---- whether a debit is covered ----

    @Property
    void drawsSumExactlyToTheCreditsWhenTheUsableBalanceCoversThem(@ForAll("debits") Debit debit) {
        Optional<List<Draw>> draws = LotSelection.choose(debit.lots(), debit.credits(), debit.now());
        boolean covered = debit.usableBalance() >= debit.credits();
        Statistics.collect(covered ? "covered" : "short");
        Statistics.coverage(coverage -> {
            coverage.check("covered").percentage(p -> p > 30);
            coverage.check("short").percentage(p -> p > 10);
        });

        if (covered) {
            assertThat(draws).isPresent();
            assertThat(draws.get().stream().mapToInt(Draw::amount).sum()).isEqualTo(debit.credits());
        } else {
            assertThat(draws).isEmpty();
        }
    }

    @Property
    void usableBalanceIsTheRemainingOfUnexpiredNonEmptyLots(@ForAll("debits") Debit debit) {
        assertThat(LotSelection.usableBalance(debit.lots(), debit.now())).isEqualTo(debit.usableBalance());
    }

    @Property
    void aDebitOfLessThanOneCreditIsRejected(
            @ForAll("debits") Debit debit, @ForAll @IntRange(min = -5, max = 0) int credits) {
        assertThatThrownBy(() -> LotSelection.choose(debit.lots(), credits, debit.now()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---- what each draw takes ----

    @Property
    void noDrawTakesMoreThanItsLotHoldsAndEachLotIsDrawnAtMostOnce(@ForAll("debits") Debit debit) {
        List<Draw> draws = LotSelection.choose(debit.lots(), debit.credits(), debit.now()).orElse(List.of());

        assertThat(draws).extracting(Draw::lotId).doesNotHaveDuplicates();
        for (Draw draw : draws) {
            assertThat(draw.amount()).isBetween(1, debit.lot(draw.lotId()).remaining());
        }
    }

    @Property
    void noExpiredOrEmptyLotIsDrawn(@ForAll("debits") Debit debit) {
        List<Draw> draws = LotSelection.choose(debit.lots(), debit.credits(), debit.now()).orElse(List.of());

        for (Draw draw : draws) {
            CreditLot lot = debit.lot(draw.lotId());
            assertThat(lot.remaining()).isPositive();
            assertThat(lot.expiresAt()).isAfter(debit.now());
        }
    }

    @Property
    void drawsCarryTheKindAndExpiryOfTheirLot(@ForAll("debits") Debit debit) {
        List<Draw> draws = LotSelection.choose(debit.lots(), debit.credits(), debit.now()).orElse(List.of());

        for (Draw draw : draws) {
            CreditLot lot = debit.lot(draw.lotId());
            assertThat(draw.kind()).isEqualTo(lot.kind());
            assertThat(draw.expiresAt()).isEqualTo(lot.expiresAt());
        }
    }

    // ---- which lots are drawn ----

    @Property
    void aLotIsDrawnOnlyOnceEveryUsableLotBeforeItInSpendingOrderIsEmptied(@ForAll("debits") Debit debit) {
        Map<String, Integer> drawn = LotSelection.choose(debit.lots(), debit.credits(), debit.now()).orElse(List.of())
                .stream().collect(Collectors.toMap(Draw::lotId, Draw::amount));
        List<CreditLot> usable = debit.usableInSpendingOrder();

        for (int i = 0; i < usable.size(); i++) {
            if (drawn.containsKey(usable.get(i).lotId())) {
                for (CreditLot earlier : usable.subList(0, i)) {
                    assertThat(drawn.get(earlier.lotId()))
                            .as("lot %s comes before %s and must be emptied first", earlier.lotId(), usable.get(i).lotId())
                            .isEqualTo(earlier.remaining());
                }
            }
        }
    }

    @Property
    void drawsFollowSpendingOrderAndOnlyTheLastMayBePartial(@ForAll("debits") Debit debit) {
        List<Draw> draws = LotSelection.choose(debit.lots(), debit.credits(), debit.now()).orElse(List.of());
        List<CreditLot> usable = debit.usableInSpendingOrder();

        assertThat(draws).extracting(Draw::lotId)
                .containsExactlyElementsOf(usable.subList(0, draws.size()).stream().map(CreditLot::lotId).toList());
        for (int i = 0; i < draws.size() - 1; i++) {
            assertThat(draws.get(i).amount()).isEqualTo(usable.get(i).remaining());
        }
    }

    @Property
    void theChoiceDoesNotDependOnTheOrderTheLotsAreGivenIn(@ForAll("shuffledDebits") Tuple.Tuple2<Debit, List<CreditLot>> shuffled) {
        Debit debit = shuffled.get1();

        assertThat(LotSelection.choose(shuffled.get2(), debit.credits(), debit.now()))
                .isEqualTo(LotSelection.choose(debit.lots(), debit.credits(), debit.now()));
    }

    @Property
    void spendingOrderIsSoonestExpiryThenFreeGrantPaidThenLotId(@ForAll("debits") Debit debit) {
        List<CreditLot> lots = debit.lots();
        for (CreditLot a : lots) {
            for (CreditLot b : lots) {
                assertThat(Integer.signum(LotSelection.SPENDING_ORDER.compare(a, b)))
                        .isEqualTo(Integer.signum(EXPECTED_ORDER.compare(a, b)));
            }
        }
    }

    // ---- examples ----

    @Example
    void aFreeLotExpiringSoonerIsSpentBeforeAPaidOne() {
        Instant now = Instant.parse("2024-03-10T12:00:00Z");
        CreditLot paid = lot("pack-1", CreditKind.PAID, 100, now.plus(Duration.ofDays(365)));
        CreditLot free = lot("free-2", CreditKind.FREE, 5, now.plus(Duration.ofDays(18)));

        assertThat(LotSelection.choose(List.of(paid, free), 7, now)).contains(List.of(
                new Draw("free-2", CreditKind.FREE, free.expiresAt(), 5),
                new Draw("pack-1", CreditKind.PAID, paid.expiresAt(), 2)));
    }

    @Example
    void onTiedExpiryFreeGoesBeforeGrantBeforePaid() {
        Instant now = Instant.parse("2024-03-10T12:00:00Z");
        Instant expiry = Instant.parse("2024-03-28T00:00:00Z");
        List<CreditLot> lots = List.of(lot("a", CreditKind.PAID, 3, expiry), lot("b", CreditKind.GRANT, 3, expiry),
                lot("c", CreditKind.FREE, 3, expiry));

        assertThat(LotSelection.choose(lots, 5, now)).contains(List.of(
                new Draw("c", CreditKind.FREE, expiry, 3), new Draw("b", CreditKind.GRANT, expiry, 2)));
    }

    @Example
    void aLotExpiringExactlyNowIsNeitherUsableNorDrawn() {
        Instant now = Instant.parse("2024-03-28T00:00:00Z");
        List<CreditLot> lots = List.of(lot("free-0", CreditKind.FREE, 50, now), lot("free-1", CreditKind.FREE, 15, now.plus(Duration.ofDays(31))));

        assertThat(LotSelection.usableBalance(lots, now)).isEqualTo(15);
        assertThat(LotSelection.choose(lots, 16, now)).isEmpty();
        assertThat(LotSelection.choose(lots, 15, now)).hasValueSatisfying(
                draws -> assertThat(draws).extracting(Draw::lotId).containsExactly("free-1"));
    }

    private static CreditLot lot(String lotId, CreditKind kind, int remaining, Instant expiresAt) {
        return new CreditLot(lotId, kind, remaining, remaining, expiresAt.minus(Duration.ofDays(30)), expiresAt);
    }

    // ---- arbitraries ----

    @Provide
    Arbitrary<Debit> debits() {
        // The credits asked for are a share (0 to 120 %) of the usable balance, nudged by up to 2, so that
        // debits just under, exactly at and just over the balance all come up often.
        return Combinators.combine(CalendarInstants.instants(), lotShapes(), Arbitraries.integers().between(0, 120),
                        Arbitraries.integers().between(-2, 2))
                .as((now, shapes, percent, nudge) -> {
                    List<CreditLot> lots = shapes.stream().map(shape -> shape.at(now)).toList();
                    int balance = new Debit(lots, now, 1).usableBalance();
                    int credits = Math.max(1, (int) Math.ceil(balance * percent / 100.0) + nudge);
                    return new Debit(lots, now, credits);
                });
    }

    @Provide
    Arbitrary<Tuple.Tuple2<Debit, List<CreditLot>>> shuffledDebits() {
        return debits().flatMap(debit -> Arbitraries.shuffle(debit.lots()).map(shuffled -> Tuple.of(debit, shuffled)));
    }

    /** A lot relative to the moment of the debit; its expiry is often tied with other lots', sometimes past or exactly now. */
    record LotShape(String lotId, CreditKind kind, int remaining, int spent, Duration expiresIn) {

        CreditLot at(Instant now) {
            Instant expiresAt = now.plus(expiresIn);
            return new CreditLot(lotId, kind, remaining + spent, remaining, expiresAt.minus(Duration.ofDays(31)), expiresAt);
        }
    }

    private static Arbitrary<List<LotShape>> lotShapes() {
        Arbitrary<String> ids = Arbitraries.strings().withCharRange('a', 'd').ofMinLength(1).ofMaxLength(3);
        Arbitrary<Integer> remaining = Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(0)), Tuple.of(5, Arbitraries.integers().between(1, 60)));
        Arbitrary<Integer> spent = Arbitraries.integers().between(0, 20);
        Arbitrary<Duration> expiresIn = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.of(Duration.ofDays(-30), Duration.ofNanos(-1), Duration.ZERO, Duration.ofNanos(1),
                        Duration.ofHours(1), Duration.ofDays(18), Duration.ofDays(365))),
                Tuple.of(1, Arbitraries.longs().between(-Duration.ofDays(90).toSeconds(), Duration.ofDays(400).toSeconds())
                        .map(Duration::ofSeconds)));
        return Combinators.combine(ids, Arbitraries.of(CreditKind.class), remaining, spent, expiresIn)
                .as(LotShape::new)
                .list().ofMaxSize(10).uniqueElements(LotShape::lotId);
    }
}
