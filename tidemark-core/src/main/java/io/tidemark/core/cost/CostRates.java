package io.tidemark.core.cost;

import static java.util.Objects.requireNonNull;

/**
 * The {@code costs} block of {@code tidemark.yml}: what a unit of each resource costs, in the
 * project's currency; a rate left out is 0.
 */
public record CostRates(
    String currency, double cpuHour, double gbScanned, double gbWritten, double gbMonthStored) {
  public static final CostRates NONE = new CostRates("", 0, 0, 0, 0);

  public CostRates {
    requireNonNull(currency, "currency is null");
    if (cpuHour < 0 || gbScanned < 0 || gbWritten < 0 || gbMonthStored < 0) {
      throw new IllegalArgumentException("rates cannot be negative");
    }
  }

  public boolean isEmpty() {
    return cpuHour == 0 && gbScanned == 0 && gbWritten == 0 && gbMonthStored == 0;
  }
}
