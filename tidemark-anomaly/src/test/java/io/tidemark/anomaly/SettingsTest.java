package io.tidemark.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SettingsTest {
  @Test
  void periodsParseAsAutoOrANumberOfPoints() {
    assertThat(SeasonalPeriod.parse("auto").isAuto()).isTrue();
    assertThat(SeasonalPeriod.parse(" 288 ").points()).isEqualTo(288);
    assertThatThrownBy(() -> SeasonalPeriod.parse("0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("invalid period '0'");
    assertThatThrownBy(() -> SeasonalPeriod.parse("weekly"))
        .hasMessageContaining("auto or a number");
  }

  @Test
  void directionsParseInAnyCase() {
    assertThat(Direction.parse("UP")).isEqualTo(Direction.UP);
    assertThat(Direction.parse("down").reports(-1)).isTrue();
    assertThat(Direction.parse("down").reports(1)).isFalse();
    assertThatThrownBy(() -> Direction.parse("sideways"))
        .hasMessage("invalid direction 'sideways': expected both, up or down");
  }

  @Test
  void settingsRejectNonsense() {
    DetectorSettings defaults = DetectorSettings.defaults();

    assertThat(defaults.period().isAuto()).isTrue();
    assertThatThrownBy(() -> defaults.withSensitivity(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withMinimumHistory(0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> defaults.withRelearnAfter(0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aHeldMetricIsJudgedHalfADeviationTighter() {
    DetectorSettings defaults = DetectorSettings.defaults();
    assertThat(defaults.sensitivityHeld(0)).isEqualTo(3.5);
    assertThat(defaults.sensitivityHeld(192)).isEqualTo(3.0);
    assertThat(defaults.withSensitivity(0.6).sensitivityHeld(192)).isEqualTo(0.3);

    // The same 5-minute values: as a metric (alerts held 16 hours) the band is narrower than as a
    // table's counts (no hold).
    TestSeries five = TestSeries.fiveMinutes(3000).noise(0.05).seed(7);
    double[] values = five.values();
    Series table = five.series(values);
    Series metric =
        Series.regular(SeriesKind.METRIC, table.timestamp(0), Duration.ofMinutes(5), values);
    Detector detector = DetectorType.SEASONAL.create(defaults);
    Judgement asTable = detector.judgeLast(table);
    Judgement asMetric = detector.judgeLast(metric);
    assertThat(asMetric.expectedHigh() - asMetric.expected())
        .isLessThan(asTable.expectedHigh() - asTable.expected());
  }
}
