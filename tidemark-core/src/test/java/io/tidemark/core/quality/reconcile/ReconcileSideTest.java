package io.tidemark.core.quality.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.asset.AssetName;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReconcileSideTest {
  static final AssetName ORDERS = AssetName.parse("shop.orders");
  final UnusedSession session = new UnusedSession();

  @Test
  void theCounterpartRenamesMappedColumnsAndKeepsTheOthers() {
    ReconcileSide left =
        ReconcileSide.of(session, ORDERS, List.of("id", "day"), List.of("amount", "status"))
            .where("day = DATE '2024-01-01'");

    ReconcileSide right =
        left.counterpart(
            session, AssetName.parse("copy.orders"), Map.of("id", "order_id", "amount", "total"));

    assertThat(right.keys()).containsExactly("order_id", "day");
    assertThat(right.compared()).containsExactly("total", "status");
    assertThat(right.filter()).isEmpty();
    assertThat(right.table()).isEqualTo(AssetName.parse("copy.orders"));
  }

  @Test
  void aMappingOfAColumnTheSideDoesNotCompareIsRejected() {
    ReconcileSide left = ReconcileSide.of(session, ORDERS, List.of("id"), List.of("amount"));

    assertThatThrownBy(() -> left.counterpart(session, ORDERS, Map.of("amuont", "total")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("amuont");
  }

  @Test
  void keysAreRequiredAndNoColumnIsListedTwice() {
    assertThatThrownBy(() -> ReconcileSide.of(session, ORDERS, List.of(), List.of("amount")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs key columns");
    assertThatThrownBy(() -> ReconcileSide.of(session, ORDERS, List.of("id"), List.of("ID")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("listed twice");
  }

  @Test
  void optionsRejectValuesThatCannotWorkAndNormaliseTheTolerance() {
    ReconcileOptions options = ReconcileOptions.DEFAULTS;

    assertThat(options.withTolerance(new BigDecimal("0.0500")).tolerance()).isEqualTo("0.05");
    assertThat(options.withTolerance(new BigDecimal("0.00")).tolerance()).isEqualTo("0");
    assertThatThrownBy(() -> options.withTolerance(new BigDecimal("-1")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> options.withSplitFactor(1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> options.withRowThreshold(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> options.withMaxMismatches(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theDeepestLevelKeepsTheSegmentModulusWithin2To62() {
    assertThat(BisectionReconciler.deepestLevel(2)).isEqualTo(62);
    assertThat(BisectionReconciler.deepestLevel(16)).isEqualTo(15);
    assertThat(BisectionReconciler.deepestLevel(1_000)).isEqualTo(6);
  }
}
