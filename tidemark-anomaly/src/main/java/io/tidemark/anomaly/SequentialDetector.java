package io.tidemark.anomaly;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks a series once, in order, asking a {@link Model} for each point's forecast before showing it
 * the point: the rules (zero, missing), the minimum history, the sensitivity and the direction live
 * here, the forecasting in the model. What the model learns:
 *
 * <ul>
 *   <li>a normal point, as observed;
 *   <li>an anomaly (in either direction, whatever is reported), as its forecast, so it never trains
 *       later judgements;
 *   <li>a run of {@link DetectorSettings#relearnAfter} anomalies on the same side, as observed:
 *       such a run is a level shift, and the model learns the new level from its first point on.
 * </ul>
 */
final class SequentialDetector implements Detector {
  /**
   * The spread is never below 1% of the expected value: on a perfectly flat history any change
   * would otherwise be infinitely surprising.
   */
  static final double MINIMUM_RELATIVE_SPREAD = 0.01;

  private final DetectorType type;
  private final DetectorSettings settings;

  SequentialDetector(DetectorType type, DetectorSettings settings) {
    this.type = requireNonNull(type, "type is null");
    this.settings = requireNonNull(settings, "settings is null");
  }

  @Override
  public String name() {
    return type.label();
  }

  @Override
  public DetectorSettings settings() {
    return settings;
  }

  @Override
  public int minimumHistory(int period) {
    return Math.max(settings.minimumHistory(), type.modelHistory(period));
  }

  @Override
  public List<Judgement> score(Series series) {
    List<Judgement> judgements = new ArrayList<>(series.size());
    walk(series, judgements);
    return judgements;
  }

  @Override
  public Judgement judgeLast(Series series) {
    return walk(series, null);
  }

  /** Judges every point; collects the judgements if asked, and returns the last one. */
  private Judgement walk(Series series, List<Judgement> collected) {
    double[] observed = series.valuesView();
    int size = observed.length;
    int period = settings.period().resolve(series);
    Model model = type.model(observed, period);
    int minimum = minimumHistory(period);
    double sensitivity = settings.sensitivity();
    Direction direction = settings.direction();
    int relearnAfter = settings.relearnAfter();
    ShiftTracker shifts = new ShiftTracker(period, relearnAfter);
    double lastLearnt = Double.NaN;
    Onsets onsets = new Onsets(settings.quiet());
    Judgement last = null;
    for (int t = 0; t < size; t++) {
      Forecast forecast = model.forecast(t);
      double value = observed[t];
      double expected = forecast == null ? Double.NaN : forecast.expected();
      double spread = Double.NaN;
      if (forecast != null && !Double.isNaN(forecast.spread())) {
        spread = Math.max(forecast.spread(), MINIMUM_RELATIVE_SPREAD * Math.abs(expected));
        spread = Math.max(spread, Double.MIN_NORMAL);
      }
      boolean ready = t >= minimum && !Double.isNaN(spread);
      double score = ready ? (value - expected) / spread : Double.NaN;
      boolean outside = false;
      double sign = 0;
      Verdict verdict;
      if (Double.isNaN(value)) {
        verdict = series.kind() == SeriesKind.TABLE ? Verdict.MISSING : Verdict.GAP;
      } else if (value == 0) {
        verdict = Verdict.ZERO;
      } else if (!ready) {
        verdict = Verdict.NOT_JUDGED;
      } else {
        outside = Math.abs(score) > sensitivity;
        sign = Math.signum(score);
        verdict =
            outside && direction.reports(sign)
                ? (sign > 0 ? Verdict.HIGH : Verdict.LOW)
                : Verdict.NORMAL;
      }

      double learnt = value;
      if (verdict.byRule() || verdict == Verdict.GAP) {
        learnt = forecast != null ? expected : lastLearnt;
        learnt = Double.isNaN(learnt) ? 0 : learnt;
        if (verdict != Verdict.GAP) {
          shifts.inside(t);
        }
        model.learn(t, learnt, false);
      } else if (!outside) {
        shifts.inside(t);
        model.learn(t, value, true);
      } else {
        switch (shifts.outside(t, sign)) {
          case EXCLUDE -> learnt = expected;
          case LEVEL_SHIFT -> model.acceptShift(shifts.levelStart(), t - 1);
          case SEASONAL_SHIFT -> model.acceptSeasonalShift(t - period, relearnAfter - 1);
          case FOLLOW -> {}
        }
        model.learn(t, learnt, false);
      }
      lastLearnt = learnt;
      boolean alert = onsets.next(verdict);

      if (collected != null || t == size - 1) {
        last =
            ready
                ? new Judgement(
                    series.timestamp(t),
                    value,
                    verdict,
                    alert,
                    expected,
                    expected - sensitivity * spread,
                    expected + sensitivity * spread,
                    score)
                : new Judgement(
                    series.timestamp(t),
                    value,
                    verdict,
                    alert,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN);
        if (collected != null) {
          collected.add(last);
        }
      }
    }
    return last;
  }
}
