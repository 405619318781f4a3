package io.tidemark.anomaly;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Makes a regular {@link Series} of points as they come: in any order, repeated, unevenly spaced,
 * with missing or non-finite values. Nothing is refused for its spacing. The rules, in order:
 *
 * <ol>
 *   <li>Points are sorted by timestamp; of points with the same timestamp the last finite value
 *       read is kept (a reload replaces what it reloads).
 *   <li>Empty, {@code NaN} and infinite values are missing points.
 *   <li>The step is the most common distance between consecutive timestamps (the shorter one on a
 *       tie). When no distance is that common (timestamps that jitter), it is the median distance,
 *       rounded to the second.
 *   <li>The grid runs through the phase most timestamps share, starting within half a step of the
 *       first; each point goes to the nearest step, and the points that meet on one step are
 *       averaged. Steps no point reached are missing: what that means is the series' {@link
 *       SeriesKind}.
 *   <li>A run of {@link #STEP_RUN} consecutive distances of one other value is a changed step,
 *       reported with where it began; the grid keeps the chosen step.
 * </ol>
 *
 * Every point read is counted in the {@link Regularisation} that comes with the series.
 */
public final class Regulariser {
  /** Consecutive distances of one value that make a changed step. */
  public static final int STEP_RUN = 12;

  /** Points a regular series may have at most: a year of one-second points is 31.5 million. */
  public static final int MAX_POINTS = 50_000_000;

  private final SeriesKind kind;
  private long[] micros = new long[64];
  private double[] values = new double[64];
  private int size;

  public Regulariser(SeriesKind kind) {
    this.kind = requireNonNull(kind, "kind is null");
  }

  /** Adds the next point as read; a value that is not finite is a missing point. */
  public Regulariser add(Instant timestamp, double value) {
    requireNonNull(timestamp, "timestamp is null");
    if (size == micros.length) {
      micros = Arrays.copyOf(micros, size * 2);
      values = Arrays.copyOf(values, size * 2);
    }
    micros[size] =
        Math.addExact(
            Math.multiplyExact(timestamp.getEpochSecond(), 1_000_000L), timestamp.getNano() / 1000);
    values[size] = value;
    size++;
    return this;
  }

  public int size() {
    return size;
  }

  /**
   * The regular series and what was done to make it.
   *
   * @throws IllegalArgumentException when fewer than two distinct timestamps were read (no step can
   *     be known), or the points span more than {@link #MAX_POINTS} steps
   */
  public Regularised build() {
    int[] order = order();
    int outOfOrder = 0;
    long latest = Long.MIN_VALUE;
    int nonFinite = 0;
    for (int i = 0; i < size; i++) {
      if (micros[i] < latest) {
        outOfOrder++;
      }
      latest = Math.max(latest, micros[i]);
      if (!Double.isFinite(values[i])) {
        nonFinite++;
      }
    }

    // One entry per distinct timestamp: the last finite value read for it.
    long[] times = new long[size];
    double[] kept = new double[size];
    int[] keptFrom = new int[size];
    int distinct = 0;
    int duplicates = 0;
    for (int i = 0; i < size; ) {
      int j = i;
      int chosen = -1;
      while (j < size && micros[order[j]] == micros[order[i]]) {
        if (Double.isFinite(values[order[j]])) {
          chosen = order[j];
        }
        j++;
      }
      duplicates += j - i - 1;
      times[distinct] = micros[order[i]];
      kept[distinct] = chosen < 0 ? Double.NaN : values[chosen];
      keptFrom[distinct] = chosen < 0 ? order[j - 1] : chosen;
      distinct++;
      i = j;
    }
    if (distinct < 2) {
      throw new IllegalArgumentException(
          "a series needs points at two different times at least to know its step, got "
              + (distinct == 0 ? "none" : "one"));
    }

    long[] distances = new long[distinct - 1];
    for (int i = 1; i < distinct; i++) {
      distances[i - 1] = times[i] - times[i - 1];
    }
    long step = step(distances);
    long start = start(times, distinct, step);
    long span = times[distinct - 1] - start;
    long slots = (span + step / 2) / step + 1;
    if (slots > MAX_POINTS) {
      throw new IllegalArgumentException(
          "the points span "
              + Duration.of(span, ChronoUnit.MICROS)
              + ", which at a step of "
              + Steps.describe(Duration.of(step, ChronoUnit.MICROS))
              + " is "
              + slots
              + " points: more than "
              + MAX_POINTS);
    }

    int count = (int) slots;
    double[] sums = new double[count];
    int[] finite = new int[count];
    int[] reached = new int[count];
    int[] sources = new int[count];
    Arrays.fill(sources, -1);
    int offGrid = 0;
    for (int i = 0; i < distinct; i++) {
      long offset = times[i] - start;
      int slot = (int) ((offset + step / 2) / step);
      boolean onGrid = offset % step == 0;
      if (!onGrid) {
        offGrid++;
      }
      reached[slot]++;
      if (!Double.isNaN(kept[i])) {
        sums[slot] += kept[i];
        finite[slot]++;
        sources[slot] = onGrid ? keptFrom[i] : -1;
      }
    }
    double[] series = new double[count];
    int merged = 0;
    int missing = 0;
    for (int slot = 0; slot < count; slot++) {
      if (reached[slot] > 1) {
        merged++;
        sources[slot] = -1;
      }
      if (finite[slot] == 0) {
        series[slot] = Double.NaN;
        missing++;
        sources[slot] = -1;
      } else {
        series[slot] = sums[slot] / finite[slot];
      }
    }
    Duration stepDuration = Duration.of(step, ChronoUnit.MICROS);
    Regularisation report =
        new Regularisation(
            size,
            stepDuration,
            outOfOrder,
            duplicates,
            nonFinite,
            offGrid,
            merged,
            missing,
            stepChanges(times, distances, step));
    return new Regularised(
        Series.regular(kind, instant(start), stepDuration, series), report, sources);
  }

  /**
   * Where the grid starts: on the phase most timestamps share (their offset from the first modulo
   * the step), within half a step of the first timestamp, so that one early point off the phase
   * does not put every other point off the grid.
   */
  private static long start(long[] times, int count, long step) {
    long[] phases = new long[count];
    for (int i = 0; i < count; i++) {
      phases[i] = Math.floorMod(times[i] - times[0], step);
    }
    Arrays.sort(phases);
    long phase = 0;
    int best = 0;
    for (int i = 0; i < count; ) {
      int j = i;
      while (j < count && phases[j] == phases[i]) {
        j++;
      }
      if (j - i > best) {
        best = j - i;
        phase = phases[i];
      }
      i = j;
    }
    return times[0] + (2 * phase <= step ? phase : phase - step);
  }

  /** Indices of the points by timestamp, ties in the order read. */
  private int[] order() {
    boolean sorted = true;
    for (int i = 1; i < size && sorted; i++) {
      sorted = micros[i] >= micros[i - 1];
    }
    if (sorted) {
      return IntStream.range(0, size).toArray();
    }
    return IntStream.range(0, size)
        .boxed()
        .sorted(Comparator.comparingLong((Integer i) -> micros[i]).thenComparingInt(i -> i))
        .mapToInt(Integer::intValue)
        .toArray();
  }

  /** Steps people choose, in microseconds: what a jittering series' median distance rounds to. */
  private static final long[] ROUND_STEPS = roundSteps();

  /**
   * The most common distance, the shorter on a tie; when it makes up less than a third of the
   * distances (timestamps that jitter), the median distance, rounded to the nearest round step (1,
   * 2, 5, 10, 15, 20 or 30 seconds or minutes; 1, 2, 3, 4, 6, 8 or 12 hours; a day, a week) when
   * one is within 10% of it, else to the second.
   */
  static long step(long[] distances) {
    long[] sorted = distances.clone();
    Arrays.sort(sorted);
    long mode = sorted[0];
    int modeCount = 0;
    for (int i = 0; i < sorted.length; ) {
      int j = i;
      while (j < sorted.length && sorted[j] == sorted[i]) {
        j++;
      }
      if (j - i > modeCount) {
        modeCount = j - i;
        mode = sorted[i];
      }
      i = j;
    }
    if (3L * modeCount >= sorted.length) {
      return mode;
    }
    long median = sorted[sorted.length / 2];
    for (long round : ROUND_STEPS) {
      if (Math.abs(median - round) <= 0.1 * round) {
        return round;
      }
    }
    long second = 1_000_000L;
    return median >= second ? Math.round(median / (double) second) * second : median;
  }

  private static long[] roundSteps() {
    long second = 1_000_000L;
    long minute = 60 * second;
    long hour = 60 * minute;
    List<Long> steps = new ArrayList<>();
    for (long unit : new long[] {second, minute}) {
      for (long count : new long[] {1, 2, 5, 10, 15, 20, 30}) {
        steps.add(count * unit);
      }
    }
    for (long count : new long[] {1, 2, 3, 4, 6, 8, 12, 24, 168}) {
      steps.add(count * hour);
    }
    return steps.stream().mapToLong(Long::longValue).toArray();
  }

  /**
   * Runs of {@link #STEP_RUN} distances that are one other whole number of steps (or one other
   * fraction of a step) apart: a jittering series changes its step too.
   */
  private static List<Regularisation.StepChange> stepChanges(
      long[] times, long[] distances, long step) {
    List<Regularisation.StepChange> changes = new ArrayList<>();
    long regime = 1;
    long regimeDistance = step;
    for (int i = 0; i < distances.length; ) {
      long key = stepKey(distances[i], step);
      int j = i;
      while (j < distances.length && stepKey(distances[j], step) == key) {
        j++;
      }
      if (j - i >= STEP_RUN && key != regime) {
        long[] run = Arrays.copyOfRange(distances, i, j);
        Arrays.sort(run);
        long typical = run[run.length / 2];
        if (changes.size() < Regularisation.MAX_STEP_CHANGES) {
          changes.add(
              new Regularisation.StepChange(
                  instant(times[i]),
                  Duration.of(regimeDistance, ChronoUnit.MICROS),
                  Duration.of(typical, ChronoUnit.MICROS)));
        }
        regime = key;
        regimeDistance = typical;
      }
      i = j;
    }
    return changes;
  }

  /** How many steps a distance is (at least 1), or minus how many of it make a step. */
  private static long stepKey(long distance, long step) {
    return 2 * distance >= step
        ? Math.max(1, Math.round(distance / (double) step))
        : -Math.round(step / (double) distance);
  }

  private static Instant instant(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
  }
}
