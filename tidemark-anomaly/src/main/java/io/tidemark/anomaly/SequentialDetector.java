package io.tidemark.anomaly;

import static java.util.Objects.requireNonNull;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
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

  /** Daily points before the period finder can test a week (three cycles). */
  static final int WEEK_TESTED = PeriodFinder.MINIMUM_CYCLES * 7;

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
    double[] all = series.valuesView();
    int size = all.length;
    Verdict absent = series.kind() == SeriesKind.TABLE ? Verdict.MISSING : Verdict.GAP;
    int hold = series.kind() == SeriesKind.METRIC ? DetectorSettings.holdPoints(series.step()) : 0;
    Onsets onsets = new Onsets(settings.quietPoints(series.step()), hold);
    // Nothing is known before the first value: those points are missing, and the model starts at
    // it.
    int first = 0;
    while (first < size && Double.isNaN(all[first])) {
      first++;
    }
    Judgement last = null;
    for (int t = 0; t < first; t++) {
      last =
          emit(
              series,
              t,
              absent,
              onsets.next(absent),
              Double.NaN,
              Double.NaN,
              Double.NaN,
              Double.NaN,
              collected,
              size);
    }
    if (first == size) {
      return last;
    }
    double[] observed = first == 0 ? all : Arrays.copyOfRange(all, first, size);
    int count = observed.length;
    int period = settings.period().resolve(series);
    Model model = type.model(observed, period);
    int minimum = minimumHistory(period);
    boolean daily = series.step().equals(Duration.ofDays(1));
    if (daily && period == 1 && settings.period().isAuto() && count < WEEK_TESTED) {
      // Too short for a week to be tested: no period found says nothing yet. The young band, which
      // tells weekends from weekdays, judges until a week can be tested.
      minimum = Math.max(minimum, count);
    }
    double sensitivity = settings.sensitivityHeld(hold);
    Direction direction = settings.direction();
    int relearnAfter = settings.relearnAfter();
    ShiftTracker shifts = new ShiftTracker(period, relearnAfter);
    ZeroShare zeros = new ZeroShare();
    TailThreshold tails = new TailThreshold(sensitivity);
    double lastLearnt = observed[0];
    ChangeTest change = new ChangeTest(series.step());
    YearlyPattern yearly = YearlyPattern.of(series);
    MonthTurns turns = MonthTurns.of(series);
    // Until the model is ready the young band judges; it ends at the model's first judgement.
    ShortHistory young = new ShortHistory(sensitivity, daily);
    int youngRun = 0;
    double youngSign = 0;
    ShortHistory.Band youngBand = null;
    for (int t = 0; t < count; t++) {
      Forecast weekly = model.forecast(t);
      double value = observed[t];
      // The model describes the series without its calendar: the year's pattern and the turn of
      // the month scale it.
      YearlyPattern.Effect calendar = YearlyPattern.Effect.NONE;
      if (weekly != null) {
        double relative = weekly.spread() / Math.abs(weekly.expected());
        if (yearly != null) {
          calendar = yearly.effect(first + t, relative);
        }
        if (turns != null) {
          YearlyPattern.Effect turn = turns.effect(first + t, relative, sensitivity);
          calendar =
              new YearlyPattern.Effect(
                  (1 + calendar.change()) * (1 + turn.change()) - 1,
                  Math.hypot(calendar.spread(), turn.spread()));
        }
      }
      double effect = calendar.change();
      Forecast forecast =
          effect == 0 && calendar.spread() == 0
              ? weekly
              : Forecast.linear(
                  weekly.expected() * (1 + effect),
                  Math.hypot(
                      weekly.spread() * (1 + effect), weekly.expected() * calendar.spread()));
      double modelExpected = weekly == null ? Double.NaN : weekly.expected();
      double expected = forecast == null ? Double.NaN : forecast.expected();
      double spread = Double.NaN;
      if (forecast != null && Double.isFinite(forecast.spread()) && Double.isFinite(expected)) {
        spread = Math.max(forecast.spread(), MINIMUM_RELATIVE_SPREAD * Math.abs(expected));
        spread = Math.max(spread, Double.MIN_NORMAL);
      }
      boolean ready = t >= minimum && !Double.isNaN(spread);
      double score = ready ? forecast.score(value, spread) : Double.NaN;
      double fill = Double.isFinite(modelExpected) ? modelExpected : lastLearnt;
      Verdict verdict;
      if (Double.isNaN(value)) {
        verdict = absent;
        // Neither a level nor a shift: the model goes on with its own expectation.
        model.learn(t, fill, false);
      } else if (value == 0 && !zeros.common()) {
        verdict = Verdict.ZERO;
        zeros.add(value);
        shifts.inside(t);
        model.learn(t, fill, false);
      } else if (value == 0) {
        verdict = Verdict.NORMAL;
        zeros.add(value);
        model.learn(t, fill, false);
        score = Double.NaN;
      } else {
        zeros.add(value);
        if (ready || value < 0) {
          young = null;
        }
        ShortHistory.Band band = null;
        boolean weekend = daily && weekend(series.timestamp(first + t));
        if (young != null) {
          band = young.band(weekend);
          if (band != null && turns != null && turns.unseen(first + t)) {
            band = band.widened(Math.log1p(MonthTurns.UNSEEN));
          }
          score = band == null ? Double.NaN : band.score(value);
        }
        boolean outside = false;
        double sign = Math.signum(score);
        if (ready) {
          outside = score > 0 ? score > tails.upper() : -score > tails.lower();
          if (!outside || series.kind() == SeriesKind.METRIC) {
            tails.add(score);
          }
        } else if (band != null) {
          outside = Math.abs(score) > sensitivity;
        }
        int drift = 0;
        if (ready && !outside) {
          drift = Boolean.getBoolean("tm.noChange") ? 0 : change.add(score);
        } else if (ready) {
          change.reset();
        }
        verdict =
            !ready && band == null
                ? Verdict.NOT_JUDGED
                : outside && direction.reports(sign)
                    ? (sign > 0 ? Verdict.HIGH : Verdict.LOW)
                    : drift != 0 && direction.reports(drift)
                        ? (drift > 0 ? Verdict.RISING : Verdict.FALLING)
                        : Verdict.NORMAL;
        if (yearly != null) {
          yearly.record(first + t);
        }
        if (turns != null) {
          turns.record(first + t);
        }
        double learnt = value / (1 + effect);
        if (band != null) {
          // The young band learns what it judged normal; a run of points outside on one side is
          // a new level, learnt from its first point on by the band and the model alike.
          if (!outside) {
            youngRun = 0;
            young.add(value, weekend);
            model.learn(t, learnt, true);
          } else {
            youngRun = youngSign == sign ? youngRun + 1 : 1;
            youngSign = sign;
            if (youngRun >= relearnAfter) {
              young.clear();
              for (int i = t - youngRun + 1; i <= t; i++) {
                young.add(observed[i], daily && weekend(series.timestamp(first + i)));
              }
              if (youngRun > 1) {
                model.acceptShift(t - youngRun + 1, t - 1);
              }
              model.learn(t, learnt, false);
            } else {
              learnt = Double.isFinite(modelExpected) ? modelExpected : band.expected();
              model.learn(t, learnt, false);
            }
          }
        } else if (!outside) {
          if (young != null) {
            young.add(value, weekend);
          }
          shifts.inside(t);
          model.learn(t, learnt, true);
        } else {
          switch (shifts.outside(t, sign)) {
            case EXCLUDE -> learnt = modelExpected;
            case LEVEL_SHIFT -> model.acceptShift(shifts.levelStart(), t - 1);
            case SEASONAL_SHIFT -> model.acceptSeasonalShift(t - period, relearnAfter - 1);
            case FOLLOW -> {}
          }
          model.learn(t, learnt, false);
        }
        lastLearnt = learnt;
        if (band != null) {
          youngBand = band;
        }
      }
      boolean judged = ready && Double.isFinite(expected);
      boolean youngJudged = !judged && youngBand != null;
      last =
          emit(
              series,
              first + t,
              verdict,
              onsets.next(verdict),
              judged ? expected : youngJudged ? youngBand.expected() : Double.NaN,
              judged
                  ? forecast.value(-tails.lower(), spread)
                  : youngJudged ? youngBand.low() : Double.NaN,
              judged
                  ? forecast.value(tails.upper(), spread)
                  : youngJudged ? youngBand.high() : Double.NaN,
              score,
              collected,
              size);
      youngBand = null;
    }
    return last;
  }

  /** Whether a daily point falls on a Saturday or a Sunday (UTC). */
  private static boolean weekend(Instant timestamp) {
    DayOfWeek day = timestamp.atOffset(ZoneOffset.UTC).getDayOfWeek();
    return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
  }

  /** The judgement of point {@code t}, collected if asked; built only when needed. */
  private static Judgement emit(
      Series series,
      int t,
      Verdict verdict,
      boolean alert,
      double expected,
      double low,
      double high,
      double score,
      List<Judgement> collected,
      int size) {
    if (collected == null && t != size - 1) {
      return null;
    }
    Judgement judgement =
        new Judgement(
            series.timestamp(t),
            series.value(t),
            verdict,
            alert,
            expected,
            low,
            high,
            Double.isNaN(expected) ? Double.NaN : score);
    if (collected != null) {
      collected.add(judgement);
    }
    return judgement;
  }
}
