package io.tidemark.core.status;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Dependency;
import io.tidemark.core.impact.Staleness;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.plan.Planner;
import io.tidemark.core.plan.Task;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.Run;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.state.TaskAttempt;
import io.tidemark.core.state.TaskStatus;
import io.tidemark.core.warehouse.Warehouse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The health use cases: the lineage graph with every asset's health, and one asset's partitions
 * each with its condition. They read the state store (and the warehouse's catalog, as {@code
 * tidemark status} does) and change nothing.
 */
public final class HealthService {
  /** Partitions one map shows at most: ten years of days. */
  public static final int MAX_PARTITIONS = 3660;

  private final Project project;
  private final Warehouse warehouse;
  private final StateStore store;
  private final Clock clock;

  public HealthService(Project project, Warehouse warehouse, StateStore store, Clock clock) {
    this.project = requireNonNull(project, "project is null");
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * The whole project's graph, or the part of it around one asset: everything it reads and
   * everything that reads it, directly or not.
   *
   * @param focus the asset to centre on; null for the whole project
   */
  public HealthGraph graph(AssetName focus) {
    Set<AssetName> shown;
    if (focus == null) {
      shown = new HashSet<>(project.graph().topologicalOrder());
    } else {
      project.asset(focus);
      shown = new HashSet<>(project.graph().withAncestors(focus));
      shown.addAll(project.graph().withDescendants(focus));
    }
    Lineage lineage = new Lineage(project, clock.instant());
    // Around one asset, read what the shown assets' staleness needs: their states and those of
    // what they read directly (staleness compares a partition with its inputs, nothing further).
    List<AssetName> read = List.of();
    if (focus != null) {
      Set<AssetName> needed = new HashSet<>(shown);
      for (AssetName name : shown) {
        project.asset(name).dependencies().forEach(d -> needed.add(d.upstream()));
      }
      read = List.copyOf(needed);
    }
    Map<AssetName, Integer> staleCounts = staleCounts(focus, lineage, read);
    Map<AssetName, Set<String>> running = runningPartitions();
    List<HealthGraph.Node> nodes = new ArrayList<>();
    List<HealthGraph.Edge> edges = new ArrayList<>();
    StatusService statuses = new StatusService(project, warehouse, store, clock);
    for (AssetStatus status : focus == null ? statuses.status() : statuses.status(shown)) {
      Asset asset = status.asset();
      if (!shown.contains(asset.name())) {
        continue;
      }
      int staleCount = staleCounts.getOrDefault(asset.name(), 0);
      nodes.add(node(status, staleCount, running.containsKey(asset.name())));
      for (Dependency dependency : asset.dependencies()) {
        if (shown.contains(dependency.upstream()) && !dependency.upstream().equals(asset.name())) {
          edges.add(
              new HealthGraph.Edge(
                  dependency.upstream(), asset.name(), dependency.mapping().describe()));
        }
      }
    }
    return new HealthGraph(nodes, edges);
  }

  /**
   * Per asset around {@code focus} (every asset when null), how many of its partitions are stale:
   * computed from the states of {@code read} (every asset's when empty), partition by partition,
   * and kept until partition states are written again or the lineage's hour changes (which
   * partitions exist depends on it). The store's generation is read before the states, so what is
   * kept is never older than the generation it is kept with.
   */
  private Map<AssetName, Integer> staleCounts(
      AssetName focus, Lineage lineage, List<AssetName> read) {
    long generation = store.partitionStatesGeneration();
    StaleKey key =
        new StaleKey(
            focus,
            generation,
            lineage.asOf().toInstant().truncatedTo(java.time.temporal.ChronoUnit.HOURS));
    synchronized (staleCache) {
      Map<AssetName, Integer> kept = staleCache.get(key);
      if (kept != null) {
        return kept;
      }
    }
    Staleness.Report staleness = Staleness.find(lineage, store.partitionsByAsset(read));
    Map<AssetName, Integer> counts = new HashMap<>();
    staleness.stale().forEach((name, partitions) -> counts.put(name, (int) partitions.size()));
    Map<AssetName, Integer> kept = Map.copyOf(counts);
    synchronized (staleCache) {
      staleCache.put(key, kept);
    }
    return kept;
  }

  private record StaleKey(AssetName focus, long generation, Instant hour) {}

  /** Stale counts kept, the least recently used dropped past {@value #STALE_KEPT}. */
  private static final int STALE_KEPT = 64;

  private final Map<StaleKey, Map<AssetName, Integer>> staleCache =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<StaleKey, Map<AssetName, Integer>> eldest) {
          return size() > STALE_KEPT;
        }
      };

  private static HealthGraph.Node node(AssetStatus status, int stale, boolean running) {
    List<String> problems = new ArrayList<>();
    Health health = Health.HEALTHY;
    int failingChecks =
        status.checks().getOrDefault(CheckStatus.FAIL, 0)
            + status.checks().getOrDefault(CheckStatus.ERROR, 0);
    int warnings = status.checks().getOrDefault(CheckStatus.WARN, 0);
    if (status.failed() > 0 || failingChecks > 0) {
      health = Health.FAILED;
      if (status.failed() > 0) {
        problems.add(count(status.failed(), "partition") + " failed");
      }
      if (failingChecks > 0) {
        problems.add(count(failingChecks, "check result") + " failing");
      }
    }
    if (status.invalid() > 0) {
      health = worse(health, Health.INVALID);
      problems.add(count(status.invalid(), "partition") + " invalid");
    }
    if (stale > 0) {
      health = worse(health, Health.STALE);
      problems.add(count(stale, "partition") + " stale");
    }
    if (status.missing() > 0) {
      health = worse(health, Health.MISSING);
      problems.add(count(status.missing(), "partition") + " missing");
    }
    if (warnings > 0) {
      health = worse(health, Health.WARNING);
      problems.add(count(warnings, "check result") + " warning");
    }
    return new HealthGraph.Node(status.asset(), status, stale, running, health, problems);
  }

  private static Health worse(Health current, Health other) {
    return other.ordinal() < current.ordinal() ? other : current;
  }

  private static String count(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  /**
   * The partitions of {@code asset} in {@code range} (and in its domain), each with its condition.
   * Reads the states of those partitions and of the partitions they read, nothing else.
   *
   * @throws TidemarkException {@code INVALID_ARGUMENT} when the range holds more than {@value
   *     #MAX_PARTITIONS} partitions
   */
  public PartitionMap partitions(AssetName name, TimeRange range) {
    requireNonNull(range, "range is null");
    Asset asset = project.asset(name);
    Lineage lineage = new Lineage(project, clock.instant());
    List<PartitionKey> keys = lineage.partitions(asset, range);
    if (keys.size() > MAX_PARTITIONS) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "the range holds "
              + keys.size()
              + " partitions of "
              + asset.name()
              + "; ask for at most "
              + MAX_PARTITIONS
              + " at a time");
    }
    List<Task> tasks = keys.stream().map(key -> new Task(asset.name(), key)).toList();
    Map<AssetName, Map<String, PartitionState>> states =
        tasks.isEmpty() ? Map.of() : store.partitionsByAsset(lineage.stateSpans(tasks));
    Map<String, PartitionState> own = states.getOrDefault(asset.name(), Map.of());
    Set<String> running = runningPartitions().getOrDefault(asset.name(), Set.of());
    List<PartitionMap.Cell> cells = new ArrayList<>();
    for (Task task : tasks) {
      String key = task.partition().toString();
      PartitionState state = own.get(key);
      PartitionCondition condition;
      if (running.contains(key)) {
        condition = PartitionCondition.RUNNING;
      } else if (state == null) {
        condition = PartitionCondition.MISSING;
      } else {
        condition =
            switch (state.status()) {
              case INVALID -> PartitionCondition.INVALID;
              case FAILED -> PartitionCondition.FAILED;
              case MATERIALIZED ->
                  asset.isModel() && !current(lineage, states, task, state)
                      ? PartitionCondition.STALE
                      : PartitionCondition.BUILT;
            };
      }
      cells.add(
          new PartitionMap.Cell(
              key,
              condition,
              state == null ? 0 : state.statistics().rows(),
              state == null ? 0 : state.runId(),
              state == null ? null : state.updatedAt()));
    }
    return new PartitionMap(asset.name(), asset.grain(), cells);
  }

  /** Whether the partition's inputs still have the versions it was built from. */
  private boolean current(
      Lineage lineage,
      Map<AssetName, Map<String, PartitionState>> states,
      Task task,
      PartitionState state) {
    String now =
        lineage.inputVersion(
            lineage.inputsOf(task), (a, k) -> Planner.versionOf(states, project, a, k));
    return now.equals(state.inputVersion());
  }

  /** Per asset, the partitions that attempts of running runs are writing now. */
  private Map<AssetName, Set<String>> runningPartitions() {
    Map<AssetName, Set<String>> running = new HashMap<>();
    for (Run run : store.runningRuns()) {
      for (TaskAttempt attempt : store.attempts(run.id())) {
        if (attempt.status() == TaskStatus.RUNNING) {
          running
              .computeIfAbsent(attempt.asset(), a -> new LinkedHashSet<>())
              .add(attempt.partition());
        }
      }
    }
    return running;
  }
}
