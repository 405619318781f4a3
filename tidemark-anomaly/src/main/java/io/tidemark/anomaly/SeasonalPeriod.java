package io.tidemark.anomaly;

/**
 * The length of a series' seasonal cycle in points (7 for a weekly cycle in daily data), or {@link
 * #auto()} to find it from the series with {@link PeriodFinder}. A period of 1 means no
 * seasonality.
 */
public record SeasonalPeriod(int points) {
  private static final SeasonalPeriod AUTO = new SeasonalPeriod(0);

  /** The largest fixed period accepted: a week of one-minute points. */
  public static final int MAX_POINTS = 7 * 24 * 60;

  public SeasonalPeriod {
    if (points < 0 || points > MAX_POINTS) {
      throw new IllegalArgumentException(
          "a period must be in 1.." + MAX_POINTS + " points, not " + points);
    }
  }

  public static SeasonalPeriod auto() {
    return AUTO;
  }

  public static SeasonalPeriod fixed(int points) {
    if (points < 1) {
      throw new IllegalArgumentException("a fixed period must be at least 1, not " + points);
    }
    return new SeasonalPeriod(points);
  }

  /** Parses {@code auto} or a number of points. */
  public static SeasonalPeriod parse(String text) {
    String trimmed = text.trim();
    if (trimmed.equalsIgnoreCase("auto")) {
      return AUTO;
    }
    try {
      return fixed(Integer.parseInt(trimmed));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid period '" + text + "': expected auto or a number of points in 1.." + MAX_POINTS);
    }
  }

  public boolean isAuto() {
    return points == 0;
  }

  /** The period in points: the fixed one, or the one {@link PeriodFinder} finds in the series. */
  public int resolve(Series series) {
    return isAuto() ? PeriodFinder.find(series) : points;
  }

  @Override
  public String toString() {
    return isAuto() ? "auto" : Integer.toString(points);
  }
}
