package io.tidemark.core.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.asset.AssetName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckResultTest {
  private static final AssetName ORDERS = AssetName.of("analytics", "daily_orders");
  private static final Instant AT = Instant.parse("2024-03-05T10:15:30Z");

  private static CheckResult result(CheckStatus status, String severity, List<String> sample) {
    return new CheckResult(
        1, ORDERS, "not_null(user_id)", "2024-03-01", status, severity, "", "", sample, "", AT);
  }

  @Test
  void aWarnIsOfAWarnSeverityCheckAndAFailOfAnErrorSeverityOne() {
    assertThat(result(CheckStatus.WARN, "warn", List.of()).status()).isEqualTo(CheckStatus.WARN);
    assertThat(result(CheckStatus.FAIL, "error", List.of()).status()).isEqualTo(CheckStatus.FAIL);
    assertThatThrownBy(() -> result(CheckStatus.WARN, "error", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("WARN");
    assertThatThrownBy(() -> result(CheckStatus.FAIL, "warn", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("FAIL");
  }

  @Test
  void passAndErrorGoWithEitherSeverity() {
    for (String severity : List.of("warn", "error")) {
      assertThat(result(CheckStatus.PASS, severity, List.of()).severity()).isEqualTo(severity);
      assertThat(result(CheckStatus.ERROR, severity, List.of()).severity()).isEqualTo(severity);
    }
  }

  @Test
  void anUnknownSeverityIsRefused() {
    assertThatThrownBy(() -> result(CheckStatus.PASS, "ERROR", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'ERROR'");
  }

  @Test
  void theSampleKeepsAtMostFiveRowsAndIsACopy() {
    List<String> five = new ArrayList<>(List.of("1", "2", "3", "4", "5"));
    CheckResult result = result(CheckStatus.FAIL, "error", five);
    five.set(0, "changed");

    assertThat(result.sample()).containsExactly("1", "2", "3", "4", "5");
    assertThatThrownBy(
            () -> result(CheckStatus.FAIL, "error", List.of("1", "2", "3", "4", "5", "6")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("6 rows");
  }

  @Test
  void theCheckIdAndPartitionKeyCannotBeEmpty() {
    assertThatThrownBy(
            () ->
                new CheckResult(
                    1, ORDERS, "", "all", CheckStatus.PASS, "error", "", "", List.of(), "", AT))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                new CheckResult(
                    1,
                    ORDERS,
                    "row_count",
                    "",
                    CheckStatus.PASS,
                    "error",
                    "",
                    "",
                    List.of(),
                    "",
                    AT))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
