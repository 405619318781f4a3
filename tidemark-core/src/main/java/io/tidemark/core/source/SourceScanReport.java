package io.tidemark.core.source;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.impact.Impact;
import io.tidemark.core.partition.PartitionSet;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What scanning sources found: each source's fingerprints, the partitions whose data changed since
 * the last scan, and every partition downstream that read them (now stale).
 *
 * @param scans one per scanned source, upstream first
 * @param changed per source, the partitions whose data changed (first scans not counted)
 */
public record SourceScanReport(
    List<SourceScan> scans, Map<AssetName, PartitionSet> changed, Impact impact) {
  public SourceScanReport {
    scans = List.copyOf(requireNonNull(scans, "scans is null"));
    changed = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(changed, "changed")));
    requireNonNull(impact, "impact is null");
  }
}
