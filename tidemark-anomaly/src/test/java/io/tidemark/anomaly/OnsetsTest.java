package io.tidemark.anomaly;

import static io.tidemark.anomaly.Verdict.GAP;
import static io.tidemark.anomaly.Verdict.HIGH;
import static io.tidemark.anomaly.Verdict.LOW;
import static io.tidemark.anomaly.Verdict.MISSING;
import static io.tidemark.anomaly.Verdict.NORMAL;
import static io.tidemark.anomaly.Verdict.NOT_JUDGED;
import static io.tidemark.anomaly.Verdict.ZERO;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnsetsTest {
  private static List<Boolean> alerts(int quiet, Verdict... verdicts) {
    Onsets onsets = new Onsets(quiet);
    List<Boolean> alerts = new ArrayList<>();
    for (Verdict verdict : verdicts) {
      alerts.add(onsets.next(verdict));
    }
    return alerts;
  }

  @Test
  void aRunOfAnomaliesIsOneAlertAtItsStart() {
    assertThat(alerts(3, NORMAL, HIGH, HIGH, HIGH, NORMAL))
        .containsExactly(false, true, false, false, false);
  }

  @Test
  void turningTheOtherWayIsANewAlert() {
    assertThat(alerts(3, LOW, LOW, HIGH, HIGH, ZERO, MISSING))
        .containsExactly(true, false, true, false, true, false);
  }

  @Test
  void comingBackAfterTheQuietStretchIsANewAlertAndBeforeItIsNot() {
    assertThat(alerts(3, HIGH, NORMAL, NORMAL, HIGH, NORMAL, NORMAL, NORMAL, HIGH))
        .containsExactly(true, false, false, false, false, false, false, true);
  }

  @Test
  void gapsAndPointsNotJudgedNeitherEndNorExtendTheQuiet() {
    assertThat(alerts(2, NOT_JUDGED, LOW, GAP, GAP, GAP, LOW, NORMAL, GAP, NORMAL, LOW))
        .containsExactly(false, true, false, false, false, false, false, false, false, true);
  }

  @Test
  void aHoldSilencesTheAlertsAfterAnAlertButTheVerdictsStay() {
    Onsets onsets = new Onsets(1, 3);
    List<Boolean> alerts = new ArrayList<>();
    for (Verdict verdict : new Verdict[] {HIGH, NORMAL, LOW, NORMAL, HIGH, NORMAL, ZERO}) {
      alerts.add(onsets.next(verdict));
    }
    assertThat(alerts).containsExactly(true, false, false, false, true, false, false);
  }

  @Test
  void aMetricsIncidentIsOneAlertForSixteenHoursATablesPartitionsEachAlert() {
    // Five-minute points with a daily cycle; two spikes five hours apart, a third a day later.
    double[] values = TestSeries.fiveMinutes(4 * 2016).dailySwing(0.5).noise(0.03).seed(3).values();
    int first = 3 * 2016;
    for (int at : new int[] {first, first + 60, first + 288}) {
      values[at] *= 3;
    }
    for (SeriesKind kind : SeriesKind.values()) {
      List<Judgement> judgements =
          DetectorType.SEASONAL
              .create(DetectorSettings.defaults())
              .score(
                  Series.regular(kind, TestSeries.MONDAY, java.time.Duration.ofMinutes(5), values));
      assertThat(judgements.get(first).alert()).isTrue();
      assertThat(judgements.get(first + 60).anomalous()).isTrue();
      assertThat(judgements.get(first + 60).alert())
          .as(kind.name())
          .isEqualTo(kind == SeriesKind.TABLE);
      assertThat(judgements.get(first + 288).alert()).isTrue();
    }
  }
}
