package io.tidemark.core.cost;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.List;

/**
 * What the loads of a period cost, grouped.
 *
 * @param since the first day counted; the period runs to today
 * @param previousSince the first day of the period before, as long, that the trend compares with
 * @param groups the groups, most expensive first
 * @param scheduled what scheduled and manual runs cost
 * @param repairs what repairs and backfills cost, apart
 * @param topPartitions the most expensive partitions of the period
 */
public record CostReport(
    CostRates rates,
    LocalDate since,
    LocalDate previousSince,
    String by,
    List<Group> groups,
    CostParts total,
    CostParts previousTotal,
    CostParts scheduled,
    CostParts repairs,
    List<Partition> topPartitions) {
  public CostReport {
    requireNonNull(rates, "rates is null");
    groups = List.copyOf(groups);
    topPartitions = List.copyOf(topPartitions);
  }

  /**
   * @param share of the period's total, 0..1
   * @param previous the same group's cost in the period before
   * @param repairs the part of {@code cost} spent by repairs and backfills
   */
  public record Group(
      String name, CostParts cost, double share, CostParts previous, CostParts repairs) {
    /** The change against the period before, as a fraction; null when it cost nothing then. */
    public Double trend() {
      return previous.total() == 0 ? null : (cost.total() - previous.total()) / previous.total();
    }
  }

  public record Partition(String asset, String partition, CostParts cost, int attempts) {}
}
