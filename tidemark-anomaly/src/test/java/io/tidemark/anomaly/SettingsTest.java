package io.tidemark.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
