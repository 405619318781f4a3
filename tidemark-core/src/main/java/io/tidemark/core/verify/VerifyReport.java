package io.tidemark.core.verify;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.state.Incident;
import java.util.List;
import java.util.Map;

/**
 * What {@code tidemark verify} found: per asset, how many recorded partitions it compared and which
 * differ; and the incidents it recorded for them (empty on a dry run or when nothing differs).
 */
public record VerifyReport(
    Map<AssetName, Integer> checked,
    List<PartitionDifference> differences,
    List<Incident> incidents) {
  public VerifyReport {
    checked = Map.copyOf(requireNonNull(checked, "checked is null"));
    differences = List.copyOf(requireNonNull(differences, "differences is null"));
    incidents = List.copyOf(requireNonNull(incidents, "incidents is null"));
  }

  public boolean matches() {
    return differences.isEmpty();
  }

  public int partitionsChecked() {
    return checked.values().stream().mapToInt(Integer::intValue).sum();
  }
}
