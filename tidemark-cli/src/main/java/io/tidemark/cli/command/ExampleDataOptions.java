package io.tidemark.cli.command;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Option;

/** How much example data to generate: {@code --days} ending yesterday, at {@code --scale}. */
public final class ExampleDataOptions {
  @Option(
      names = "--days",
      paramLabel = "N",
      description = "Days of example data, ending yesterday (default: ${DEFAULT-VALUE}).")
  int days = 30;

  @Option(
      names = "--scale",
      paramLabel = "X",
      description = "Example data volume factor (default: ${DEFAULT-VALUE}).")
  double scale = 1.0;

  /** Yesterday: the last complete day. */
  LocalDate lastDay() {
    return LocalDate.ofInstant(ProjectCommand.CLOCK.instant(), ZoneOffset.UTC).minusDays(1);
  }

  LocalDate firstDay() {
    if (days < 1) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "--days must be at least 1, got " + days);
    }
    return lastDay().minusDays(days - 1L);
  }

  static long daysBetween(LocalDate first, LocalDate last) {
    return ChronoUnit.DAYS.between(first, last) + 1;
  }
}
