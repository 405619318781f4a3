package io.tidemark.core.verify;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.graph.Selector;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.warehouse.Warehouse;
import java.time.Clock;
import java.util.Set;

/**
 * The verify use case: count every recorded partition of the selected models in the warehouse and
 * compare it with what Tidemark wrote; partitions that are gone or changed are marked invalid by an
 * incident, unless only a report is asked for.
 */
public final class VerifyService {
  private final Project project;
  private final Warehouse warehouse;
  private final StateStore store;
  private final Clock clock;

  public VerifyService(Project project, Warehouse warehouse, StateStore store, Clock clock) {
    this.project = requireNonNull(project, "project is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * @param selection as typed; empty for every model
   * @param record whether to mark differing partitions invalid through incidents
   * @param reportedBy who asked, for the incidents
   * @throws io.tidemark.core.TidemarkException {@code INVALID_ARGUMENT} for a bad selection
   */
  public VerifyReport verify(String selection, TimeRange range, boolean record, String reportedBy) {
    requireNonNull(selection, "selection is null");
    Set<AssetName> selected = new Selector(project).select(selection);
    return new WarehouseVerifier(new Lineage(project, clock), warehouse, store, clock)
        .verify(selected, range, record, reportedBy);
  }
}
