package io.tidemark.core.source;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.graph.Selector;
import io.tidemark.core.impact.ImpactContext;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.warehouse.Warehouse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sources scan use case: fingerprint source partitions in the warehouse, record new data
 * versions where the data changed, evaluate the sources' checks on those, and say what downstream
 * read the changed data.
 */
public final class SourceService {
  private final Project project;
  private final Warehouse warehouse;
  private final StateStore store;
  private final Clock clock;

  public SourceService(Project project, Warehouse warehouse, StateStore store, Clock clock) {
    this.project = requireNonNull(project, "project is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Scans the selected sources' partitions in {@code range}.
   *
   * @param selection as typed; empty for every source (models in it are skipped)
   * @throws io.tidemark.core.TidemarkException {@code INVALID_ARGUMENT} for a bad selection
   */
  public SourceScanReport scan(String selection, TimeRange range) {
    requireNonNull(selection, "selection is null");
    requireNonNull(range, "range is null");
    Lineage lineage = new Lineage(project, clock);
    SourceScanner scanner = new SourceScanner(lineage, warehouse, store, clock);
    Set<AssetName> selected = new Selector(project).select(selection);
    List<SourceScan> scans = new ArrayList<>();
    for (AssetName name : project.graph().topologicalOrder()) {
      Asset asset = project.asset(name);
      // A loaded source's partitions get their versions from their loads, not from a scan.
      if (asset.isSource() && !project.isLoaded(name) && selected.contains(name)) {
        scans.add(scanner.scan(asset, range, 0));
      }
    }
    Map<AssetName, PartitionSet> changed = new LinkedHashMap<>();
    for (SourceScan scan : scans) {
      PartitionSet partitions = scan.changed(project.asset(scan.source()).grain());
      if (!partitions.isEmpty()) {
        changed.put(scan.source(), partitions);
      }
    }
    return new SourceScanReport(
        scans, changed, new ImpactContext(lineage, store).impact(changed, Set.of()));
  }
}
