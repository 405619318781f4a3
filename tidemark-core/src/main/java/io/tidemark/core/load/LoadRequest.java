package io.tidemark.core.load;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.partition.PartitionKey;
import java.util.Optional;

/**
 * What to load: one partition of a loaded source.
 *
 * @param partition the partition; {@link PartitionKey#ALL} for an unpartitioned source
 * @param lowBound for an unpartitioned incremental load: the cursor value rows must reach (the last
 *     high-water mark less the look-back), as a {@link Long}, {@link java.math.BigDecimal}, {@link
 *     java.time.LocalDate}, {@link java.time.LocalDateTime} or {@link String}; empty to load
 *     everything
 */
public record LoadRequest(
    AssetName source,
    LoadSpec spec,
    Partitioning partitioning,
    PartitionKey partition,
    Optional<Object> lowBound) {
  public LoadRequest {
    requireNonNull(source, "source is null");
    requireNonNull(spec, "spec is null");
    requireNonNull(partitioning, "partitioning is null");
    requireNonNull(partition, "partition is null");
    requireNonNull(lowBound, "lowBound is null");
  }
}
