package io.tidemark.examples;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;

/**
 * What one call of {@link SubscriptionsGenerator#generate} wrote.
 *
 * @param days the rows of each generated day, in day order
 * @param users the rows of the rewritten {@code raw.users} snapshot
 * @param inconsistencies every planted disagreement between the two servers, in day order
 */
public record GenerationReport(
    LocalDate first,
    LocalDate last,
    List<DayCounts> days,
    long users,
    List<PlantedInconsistency> inconsistencies) {

  public GenerationReport {
    requireNonNull(first, "first is null");
    requireNonNull(last, "last is null");
    days = List.copyOf(requireNonNull(days, "days is null"));
    inconsistencies = List.copyOf(requireNonNull(inconsistencies, "inconsistencies is null"));
  }

  /** This report with {@code users} rows of the users snapshot. */
  GenerationReport withUsers(long users) {
    return new GenerationReport(first, last, days, users, inconsistencies);
  }

  /** Rows written to the two partitioned tables (the users snapshot not included). */
  public long eventRows() {
    return days.stream().mapToLong(day -> day.iapTransactions() + day.userActions()).sum();
  }

  public List<PlantedInconsistency> inconsistenciesOn(LocalDate day) {
    return inconsistencies.stream().filter(planted -> planted.day().equals(day)).toList();
  }
}
