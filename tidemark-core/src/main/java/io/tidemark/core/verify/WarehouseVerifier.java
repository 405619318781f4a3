package io.tidemark.core.verify;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.plan.WarehouseContents;
import io.tidemark.core.state.Incident;
import io.tidemark.core.state.NewIncident;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.warehouse.PartitionFingerprint;
import io.tidemark.core.warehouse.Warehouse;
import io.tidemark.core.warehouse.WarehouseSession;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares what the warehouse holds with what Tidemark recorded writing, partition by partition:
 * the full check behind {@code tidemark verify}, where a plan only reads the catalog. Each model's
 * partitions in range are fingerprinted by one aggregate query in the warehouse (row count and
 * content hash), and compared with the row count and content hash the write recorded; a partition
 * written before content hashes were recorded is compared by its row count alone, and the report
 * counts those. A partition that differs is marked invalid by an incident (unless asked only to
 * report), so a run rebuilds it and what read it, and {@code impact} and {@code repair} see it like
 * any bad load.
 */
public final class WarehouseVerifier {
  private final Lineage lineage;
  private final Warehouse warehouse;
  private final StateStore store;
  private final Clock clock;

  public WarehouseVerifier(Lineage lineage, Warehouse warehouse, StateStore store, Clock clock) {
    this.lineage = requireNonNull(lineage, "lineage is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * @param selection the assets to verify; sources (written by others) and views (which hold no
   *     rows of their own) are passed over
   * @param record whether to mark differing partitions invalid through incidents
   * @param reportedBy who asked, for the incidents
   */
  public VerifyReport verify(
      Set<AssetName> selection, TimeRange range, boolean record, String reportedBy) {
    Map<AssetName, Integer> checked = new LinkedHashMap<>();
    Map<AssetName, Integer> countedOnly = new LinkedHashMap<>();
    List<PartitionDifference> differences = new ArrayList<>();
    Map<AssetName, List<PartitionState>> toInvalidate = new LinkedHashMap<>();
    try (WarehouseSession session = warehouse.openSession()) {
      WarehouseContents contents = new WarehouseContents(session.tableGenerations());
      for (AssetName name : lineage.project().graph().topologicalOrder()) {
        Asset asset = lineage.project().asset(name);
        if (!selection.contains(name)
            || !asset.isModel()
            || asset.materialization() == Materialization.VIEW) {
          continue;
        }
        TimeRange span = range.intersect(lineage.domain(asset));
        List<PartitionState> built =
            store.partitions(List.of(name), span).stream()
                .filter(state -> state.status() == PartitionStatus.MATERIALIZED)
                .filter(state -> inside(asset, state, span))
                .toList();
        Map<String, PartitionFingerprint> actual =
            contents.exists(name) ? fingerprints(session, asset, span) : Map.of();
        checked.put(name, built.size());
        int withoutHash = 0;
        List<PartitionState> bad = new ArrayList<>();
        Map<String, PartitionState> byKey = new HashMap<>();
        for (PartitionState state : built) {
          byKey.put(state.partition(), state);
          long recorded = state.statistics().rows();
          if (!contents.holds(asset, state)) {
            differences.add(difference(state, PartitionDifference.Kind.GONE, recorded, -1));
            bad.add(state);
          } else {
            PartitionFingerprint found = actual.get(state.partition());
            long rows = found != null ? found.rows() : 0;
            if (state.contentHash().isEmpty()) {
              withoutHash++;
            }
            if (rows != recorded) {
              differences.add(
                  difference(state, PartitionDifference.Kind.ROWS_CHANGED, recorded, rows));
              bad.add(state);
            } else if (found != null
                && !state.contentHash().isEmpty()
                && !state.contentHash().equals(found.hash())) {
              differences.add(
                  difference(state, PartitionDifference.Kind.VALUES_CHANGED, recorded, rows));
              bad.add(state);
            }
          }
        }
        if (withoutHash > 0) {
          countedOnly.put(name, withoutHash);
        }
        actual.forEach(
            (partition, fingerprint) -> {
              if (fingerprint.rows() > 0 && !byKey.containsKey(partition)) {
                differences.add(
                    new PartitionDifference(
                        name,
                        partition,
                        PartitionDifference.Kind.UNRECORDED_ROWS,
                        -1,
                        fingerprint.rows()));
              }
            });
        if (!bad.isEmpty()) {
          toInvalidate.put(name, bad);
        }
      }
    }
    List<Incident> incidents = new ArrayList<>();
    if (record) {
      toInvalidate.forEach(
          (name, states) -> incidents.add(recordIncident(name, states, differences, reportedBy)));
    }
    return new VerifyReport(checked, countedOnly, differences, incidents);
  }

  private static boolean inside(Asset asset, PartitionState state, TimeRange span) {
    if (!asset.partitioning().isPartitioned()) {
      return true;
    }
    try {
      PartitionKey key = PartitionKey.parse(asset.grain(), state.partition());
      return span.contains(key);
    } catch (IllegalArgumentException | TidemarkException e) {
      // A key of another grain, left from before the asset's grain changed: not this table's now.
      return false;
    }
  }

  private static Map<String, PartitionFingerprint> fingerprints(
      WarehouseSession session, Asset asset, TimeRange span) {
    Map<String, PartitionFingerprint> found = new HashMap<>();
    try {
      for (PartitionFingerprint fingerprint :
          session.fingerprint(asset.name(), asset.partitioning(), span)) {
        found.put(fingerprint.partition().toString(), fingerprint);
      }
    } catch (TidemarkException e) {
      if (e.code() != ErrorCode.NOT_FOUND) {
        throw e;
      }
    }
    return found;
  }

  private static boolean isDay(String key) {
    return key.matches("\\d{4}-\\d{2}-\\d{2}");
  }

  private static PartitionDifference difference(
      PartitionState state, PartitionDifference.Kind kind, long recorded, long actual) {
    return new PartitionDifference(state.asset(), state.partition(), kind, recorded, actual);
  }

  private Incident recordIncident(
      AssetName name,
      List<PartitionState> states,
      List<PartitionDifference> differences,
      String reportedBy) {
    Instant now = clock.instant();
    List<String> keys = states.stream().map(PartitionState::partition).sorted().toList();
    List<String> described =
        differences.stream()
            .filter(d -> d.asset().equals(name) && keys.contains(d.partition()))
            .map(PartitionDifference::describe)
            .limit(3)
            .toList();
    String reason =
        "changed outside Tidemark, found by tidemark verify: "
            + String.join("; ", described)
            + (keys.size() > described.size()
                ? "; and " + (keys.size() - described.size()) + " more"
                : "");
    List<PartitionState> invalid =
        states.stream().map(state -> state.marked(PartitionStatus.INVALID, now)).toList();
    return store.recordIncident(
        new NewIncident(
            name,
            isDay(keys.get(0)) ? keys.get(0) : "",
            isDay(keys.get(keys.size() - 1)) ? keys.get(keys.size() - 1) : "",
            keys,
            reason,
            reportedBy,
            now),
        invalid);
  }
}
