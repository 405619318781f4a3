package io.tidemark.core.quality.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.quality.reconcile.Mismatch.Difference;
import io.tidemark.core.quality.reconcile.Mismatch.Kind;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Java side of a bisection: comparing fetched values and rows, and keeping mismatches. */
class RowComparisonTest {
  static final ValueTolerance EXACT = new ValueTolerance(BigDecimal.ZERO);
  static final ValueTolerance CENTS = new ValueTolerance(new BigDecimal("0.05"));

  @Test
  void nullEqualsOnlyNull() {
    assertThat(EXACT.same(null, null)).isTrue();
    assertThat(CENTS.same(null, new BigDecimal("0.01"))).isFalse();
    assertThat(CENTS.same("a", null)).isFalse();
  }

  @Test
  void decimalsAndIntegersCompareExactlyWithinTheTolerance() {
    assertThat(CENTS.same(new BigDecimal("4.44"), new BigDecimal("4.39"))).isTrue();
    assertThat(CENTS.same(new BigDecimal("4.44"), new BigDecimal("4.38"))).isFalse();
    assertThat(EXACT.same(new BigDecimal("1.50"), new BigDecimal("1.5"))).isTrue();
    assertThat(new ValueTolerance(new BigDecimal("2.5")).same(10L, 12L)).isTrue();
    assertThat(new ValueTolerance(new BigDecimal("2.5")).same(10L, 13L)).isFalse();
  }

  @Test
  void doublesCompareInDoublePrecisionAsTheWarehouseDoes() {
    assertThat(CENTS.same(1.0, 1.04)).isTrue();
    assertThat(CENTS.same(1.0, 1.06)).isFalse();
    assertThat(EXACT.same(Double.NaN, Double.NaN)).isTrue();
    assertThat(EXACT.same(-0.0, 0.0)).isTrue();
    assertThat(CENTS.same(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY)).isTrue();
  }

  @Test
  void rowsArePairedByKeyAndClassified() {
    RowDiff diff = new RowDiff(1, List.of("amount"), CENTS);
    MismatchCollector mismatches = new MismatchCollector(10);

    diff.diff(
        List.of(
            row(1L, "1.00"), row(2L, "2.00"), row(3L, "3.00"), row(4L, "4.00"), row(4L, "4.00")),
        List.of(row(1L, "1.04"), row(2L, "2.10"), row(5L, "5.00"), row(4L, "4.00")),
        mismatches);

    assertThat(mismatches.result(5, 4, new WorkStatistics(0, 0, 0, 0, 0, 0)).mismatches())
        .containsExactly(
            new Mismatch(
                List.of(2L),
                Kind.DIFFERENT,
                1,
                1,
                List.of(new Difference("amount", new BigDecimal("2.00"), new BigDecimal("2.10")))),
            new Mismatch(List.of(3L), Kind.MISSING_RIGHT, 1, 0, List.of()),
            new Mismatch(List.of(4L), Kind.DUPLICATE_KEY, 2, 1, List.of()),
            new Mismatch(List.of(5L), Kind.MISSING_LEFT, 0, 1, List.of()));
  }

  @Test
  void theCollectorKeepsTheFirstKeysWhateverTheOrderTheyArriveIn() {
    MismatchCollector mismatches = new MismatchCollector(3);
    for (Object key : Arrays.asList(9L, null, 4L, 7L, 1L, 8L)) {
      mismatches.add(new Mismatch(Arrays.asList(key), Kind.MISSING_LEFT, 0, 1, List.of()));
    }

    ReconciliationResult result = mismatches.result(0, 6, new WorkStatistics(0, 0, 0, 0, 0, 0));

    assertThat(result.missingLeft()).isEqualTo(6);
    assertThat(result.capped()).isTrue();
    assertThat(result.mismatches())
        .extracting(mismatch -> mismatch.key().get(0))
        .containsExactly(1L, 4L, 7L);
  }

  @Test
  void nullKeysSortLast() {
    MismatchCollector mismatches = new MismatchCollector(5);
    mismatches.add(new Mismatch(Arrays.asList("b", null), Kind.MISSING_LEFT, 0, 1, List.of()));
    mismatches.add(new Mismatch(Arrays.asList("b", 1L), Kind.MISSING_LEFT, 0, 1, List.of()));
    mismatches.add(new Mismatch(Arrays.asList(null, 0L), Kind.MISSING_LEFT, 0, 1, List.of()));

    assertThat(mismatches.result(0, 3, new WorkStatistics(0, 0, 0, 0, 0, 0)).mismatches())
        .extracting(Mismatch::key)
        .containsExactly(Arrays.asList("b", 1L), Arrays.asList("b", null), Arrays.asList(null, 0L));
  }

  private static List<Object> row(long key, String amount) {
    return List.of(key, new BigDecimal(amount));
  }
}
