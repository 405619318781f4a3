package io.tidemark.bench;

import io.tidemark.anomaly.Detector;
import io.tidemark.anomaly.DetectorSettings;
import io.tidemark.anomaly.Judgement;
import io.tidemark.anomaly.SeasonalPeriod;
import io.tidemark.anomaly.Series;
import io.tidemark.anomaly.Verdict;
import java.util.ArrayList;
import java.util.List;

/**
 * The plain baseline: mean and standard deviation of the trailing 14 observed points, flag beyond 3
 * sigma. No seasonality, no robustness, no exclusion of earlier anomalies, no zero rule; a missing
 * point is flagged (the check layer flags those for every detector).
 */
final class TrailingZScore implements Detector {
  static final int WINDOW = 14;
  static final double SIGMAS = 3;

  @Override
  public String name() {
    return "zscore-14";
  }

  @Override
  public DetectorSettings settings() {
    return DetectorSettings.defaults()
        .withSensitivity(SIGMAS)
        .withPeriod(SeasonalPeriod.fixed(1))
        .withMinimumHistory(WINDOW);
  }

  @Override
  public int minimumHistory(int period) {
    return WINDOW;
  }

  @Override
  public List<Judgement> score(Series series) {
    List<Judgement> judgements = new ArrayList<>(series.size());
    for (int t = 0; t < series.size(); t++) {
      judgements.add(judge(series, t));
    }
    return judgements;
  }

  @Override
  public Judgement judgeLast(Series series) {
    return judge(series, series.size() - 1);
  }

  private static Judgement judge(Series series, int t) {
    double value = series.value(t);
    if (Double.isNaN(value)) {
      return new Judgement(series.timestamp(t), value, Verdict.MISSING, false, NaN, NaN, NaN, NaN);
    }
    double sum = 0;
    double squares = 0;
    int count = 0;
    for (int i = t - 1; i >= 0 && count < WINDOW; i--) {
      double past = series.value(i);
      if (!Double.isNaN(past)) {
        sum += past;
        squares += past * past;
        count++;
      }
    }
    if (count < WINDOW) {
      return new Judgement(
          series.timestamp(t), value, Verdict.NOT_JUDGED, false, NaN, NaN, NaN, NaN);
    }
    double mean = sum / count;
    double sigma = Math.sqrt(Math.max(0, (squares - count * mean * mean) / (count - 1)));
    double score =
        sigma == 0 ? (value == mean ? 0 : Math.signum(value - mean) * 1e9) : (value - mean) / sigma;
    Verdict verdict =
        Math.abs(score) > SIGMAS ? (score > 0 ? Verdict.HIGH : Verdict.LOW) : Verdict.NORMAL;
    return new Judgement(
        series.timestamp(t),
        value,
        verdict,
        false,
        mean,
        mean - SIGMAS * sigma,
        mean + SIGMAS * sigma,
        score);
  }

  private static final double NaN = Double.NaN;
}
