package io.tidemark.core.state;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import java.time.Instant;
import java.util.List;

/**
 * What is known of an incident when it is reported; the store assigns its id.
 *
 * @param asset the asset whose data was declared bad
 * @param rangeStart first day of the reported range (ISO date), empty when none was given
 * @param rangeEnd last day of the reported range (ISO date), empty when none was given
 * @param partitions the partitions it marks invalid, as key text forms, in the order reported
 * @param reason why the data is bad, as the user wrote it
 * @param reportedBy who reported it
 */
public record NewIncident(
    AssetName asset,
    String rangeStart,
    String rangeEnd,
    List<String> partitions,
    String reason,
    String reportedBy,
    Instant reportedAt) {
  public NewIncident {
    requireNonNull(asset, "asset is null");
    requireNonNull(rangeStart, "rangeStart is null");
    requireNonNull(rangeEnd, "rangeEnd is null");
    partitions = List.copyOf(requireNonNull(partitions, "partitions is null"));
    requireNonNull(reason, "reason is null");
    requireNonNull(reportedBy, "reportedBy is null");
    requireNonNull(reportedAt, "reportedAt is null");
  }
}
