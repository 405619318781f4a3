package io.tidemark.examples;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/** The rows generated for one day. */
public record DayCounts(LocalDate day, long iapTransactions, long userActions) {
  public DayCounts {
    requireNonNull(day, "day is null");
  }
}
