package io.tidemark.anomaly;

import java.util.List;

/**
 * Judges the points of a series against the series' own history. Every judgement is made from the
 * points before the judged one only: changing later points never changes earlier judgements (with
 * an auto period, the period is chosen once from the whole series given).
 *
 * <p>Two rules hold for every detector: a zero value is always {@link Verdict#ZERO} and a missing
 * one ({@code NaN}) always {@link Verdict#MISSING}, even before the minimum history.
 */
public interface Detector {
  /** The name users select it by: {@code seasonal}, {@code holt-winters}, ... */
  String name();

  DetectorSettings settings();

  /** Judges every point of the series, each on the points before it. */
  List<Judgement> score(Series series);

  /**
   * Judges the newest point of the series on the points before it: the last element of {@link
   * #score}, without keeping the others. What a check calls with an asset's history.
   */
  Judgement judgeLast(Series series);

  /** Points of history this detector needs before its first judgement, for a given period. */
  int minimumHistory(int period);
}
