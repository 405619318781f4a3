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
}
