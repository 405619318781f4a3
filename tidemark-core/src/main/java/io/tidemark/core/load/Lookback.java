package io.tidemark.core.load;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * How far before the last high-water mark an incremental load starts again, to catch rows committed
 * late with an older cursor value: a duration for time cursors ({@code 2h}), an amount for numeric
 * ones ({@code 1000}).
 */
public record Lookback(Duration time, long amount) {
  public static final Lookback NONE = new Lookback(Duration.ZERO, 0);

  public Lookback {
    requireNonNull(time, "time is null");
    if (time.isNegative() || amount < 0) {
      throw new IllegalArgumentException("a look-back cannot be negative");
    }
  }

  /** The cursor value a load starts from, given the last high-water mark. */
  public Object before(Object watermark) {
    requireNonNull(watermark, "watermark is null");
    if (watermark instanceof LocalDateTime time) {
      return time.minus(this.time);
    }
    if (watermark instanceof LocalDate date) {
      return date.minusDays(Math.max(this.time.toDays(), 0));
    }
    if (watermark instanceof Long number) {
      return number - amount;
    }
    if (watermark instanceof BigDecimal number) {
      return number.subtract(BigDecimal.valueOf(amount));
    }
    return watermark;
  }
}
