package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import java.time.Instant;
import java.util.List;

/**
 * A recorded incident: data of an asset declared bad, and the partitions it marked invalid.
 *
 * @param rangeStart first day of the reported range (ISO date), empty when none was given
 * @param rangeEnd last day of the reported range (ISO date), empty when none was given
 * @param partitions the partitions it marked invalid, as key text forms, in the order reported
 */
public record Incident(
    long id,
    AssetName asset,
    String rangeStart,
    String rangeEnd,
    List<String> partitions,
    String reason,
    String reportedBy,
    Instant reportedAt) {
  public Incident {
    requireNonNull(asset, "asset is null");
    requireNonNull(rangeStart, "rangeStart is null");
    requireNonNull(rangeEnd, "rangeEnd is null");
    partitions = List.copyOf(requireNonNull(partitions, "partitions is null"));
    requireNonNull(reason, "reason is null");
    requireNonNull(reportedBy, "reportedBy is null");
    requireNonNull(reportedAt, "reportedAt is null");
  }
}
