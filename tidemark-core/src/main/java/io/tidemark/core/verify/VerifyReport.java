package io.tidemark.core.verify;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.state.Incident;
import java.util.List;
import java.util.Map;

/**
 * What {@code tidemark verify} found: per asset, how many recorded partitions it compared and which
 * differ; and the incidents it recorded for them (empty on a dry run or when nothing differs).
 *
 * @param countedOnly per asset, how many of the partitions checked were compared by row count
 *     alone, because their write recorded no content hash (written before hashes were recorded);
 *     assets with none are left out
 */
public record VerifyReport(
    Map<AssetName, Integer> checked,
    Map<AssetName, Integer> countedOnly,
    List<PartitionDifference> differences,
    List<Incident> incidents) {
  public VerifyReport {
    checked = Map.copyOf(requireNonNull(checked, "checked is null"));
    countedOnly = Map.copyOf(requireNonNull(countedOnly, "countedOnly is null"));
    differences = List.copyOf(requireNonNull(differences, "differences is null"));
    incidents = List.copyOf(requireNonNull(incidents, "incidents is null"));
  }

  public boolean matches() {
    return differences.isEmpty();
  }

  public int partitionsChecked() {
    return checked.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Partitions compared by row count alone: their write recorded no content hash. */
  public int partitionsCountedOnly() {
    return countedOnly.values().stream().mapToInt(Integer::intValue).sum();
  }
}
