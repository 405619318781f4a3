package io.tidemark.core.cost;

import static java.util.Objects.requireNonNull;

/**
 * The {@code costs} block of {@code tidemark.yml}: what a unit of each resource costs, in the
 * project's currency; a rate left out is 0.
 */
public record CostRates(
    String currency, double cpuHour, double gbScanned, double gbWritten, double gbMonthStored) {
  public static final CostRates NONE = new CostRates("", 0, 0, 0, 0);

  static final double GB = 1e9;
  private static final double HOUR_MILLIS = 3_600_000;

  public CostRates {
    requireNonNull(currency, "currency is null");
    if (cpuHour < 0 || gbScanned < 0 || gbWritten < 0 || gbMonthStored < 0) {
      throw new IllegalArgumentException("rates cannot be negative");
    }
  }

  /** What the compute, scanning and writing cost at these rates; storage is priced apart. */
  public CostParts price(double computeMillis, double bytesScanned, double bytesWritten) {
    return new CostParts(
        computeMillis / HOUR_MILLIS * cpuHour,
        bytesScanned / GB * gbScanned,
        bytesWritten / GB * gbWritten,
        0);
  }

  public boolean isEmpty() {
    return cpuHour == 0 && gbScanned == 0 && gbWritten == 0 && gbMonthStored == 0;
  }
}
