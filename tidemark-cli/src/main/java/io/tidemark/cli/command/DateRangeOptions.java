package io.tidemark.cli.command;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.Project;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import picocli.CommandLine.Option;

/** {@code --start} and {@code --end}: days, both included. */
public final class DateRangeOptions {
  @Option(
      names = "--start",
      paramLabel = "YYYY-MM-DD",
      converter = Arguments.Day.class,
      description = "First day (default: the project's start).")
  LocalDate start;

  @Option(
      names = "--end",
      paramLabel = "YYYY-MM-DD",
      converter = Arguments.Day.class,
      description = "Last day, included (default: yesterday, the last complete day).")
  LocalDate end;

  /** The requested days; partitions of coarser grains are included when wholly inside. */
  public TimeRange range(Project project, Clock clock) {
    LocalDate first = start != null ? start : project.config().start();
    LocalDate last =
        end != null ? end : LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).minusDays(1);
    if (last.isBefore(first)) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "invalid date range: --start "
              + first
              + " is after --end "
              + last
              + (start == null ? " (the project's start)" : "")
              + (end == null ? " (yesterday)" : ""));
    }
    return TimeRange.ofDays(first, last);
  }
}
