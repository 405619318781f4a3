package io.tidemark.core.plan;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Dependency;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionIndex;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.Project;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Partition-level lineage of a project as of one instant: which partitions exist, which partitions
 * each one reads, and the data versions that follow from them.
 *
 * <p>Which partitions exist moves with time (a day is complete once it has ended), so one use case
 * works with one lineage: a process that lives across midnight would otherwise plan with one set of
 * partitions and run or repair with another.
 */
public final class Lineage {
  /** The version of a source partition nobody has fingerprinted yet. */
  public static final String UNSCANNED = "unscanned";

  /** The version of a model partition that was never built. */
  public static final String MISSING = "missing";

  private final Project project;
  private final ZonedDateTime asOf;
  private final LocalDateTime now;

  /** The lineage as of {@code asOf}: partitions complete by then (in its zone) exist. */
  public Lineage(Project project, ZonedDateTime asOf) {
    this.project = requireNonNull(project, "project is null");
    this.asOf = requireNonNull(asOf, "asOf is null");
    // Partition spans are wall-clock time in the zone of the instant: UTC unless a schedule says
    // otherwise.
    this.now = asOf.toLocalDateTime();
  }

  /** The lineage as of {@code asOf}, partition spans in UTC. */
  public Lineage(Project project, Instant asOf) {
    this(project, asOf, ZoneOffset.UTC);
  }

  /** The lineage as of {@code asOf}, partition spans read as wall-clock time in {@code zone}. */
  public Lineage(Project project, Instant asOf, ZoneId zone) {
    this(
        project, requireNonNull(asOf, "asOf is null").atZone(requireNonNull(zone, "zone is null")));
  }

  /** The lineage as of the clock's current instant, in the clock's zone. */
  public Lineage(Project project, Clock clock) {
    this(project, ZonedDateTime.now(requireNonNull(clock, "clock is null")));
  }

  public Project project() {
    return project;
  }

  /** The instant this lineage describes the project at, in the zone its partitions follow. */
  public ZonedDateTime asOf() {
    return asOf;
  }

  /** The span of time in which an asset has partitions: from its start to the last complete one. */
  public TimeRange domain(Asset asset) {
    LocalDateTime start = asset.start().atStartOfDay();
    if (!asset.isPartitioned()) {
      return new TimeRange(start, start.isAfter(now) ? start : now);
    }
    LocalDateTime end = asset.grain().truncate(now);
    return new TimeRange(start, end.isBefore(start) ? start : end);
  }

  /** The partitions of {@code asset} that lie in {@code range} and in its domain. */
  public List<PartitionKey> partitions(Asset asset, TimeRange range) {
    if (!asset.isPartitioned()) {
      return List.of(PartitionKey.ALL);
    }
    return range.intersect(domain(asset)).partitionsInside(asset.grain());
  }

  /**
   * The first and last of an asset's partitions in its domain, and how many there are.
   *
   * @param first null when there are none, as {@code last}
   */
  public record DomainKeys(PartitionKey first, PartitionKey last, long count) {}

  /** What {@link #partitions} lists for the asset's whole domain, without listing it. */
  public DomainKeys domainKeys(Asset asset) {
    if (!asset.isPartitioned()) {
      return new DomainKeys(PartitionKey.ALL, PartitionKey.ALL, 1);
    }
    Grain grain = asset.grain();
    TimeRange domain = domain(asset);
    LocalDateTime first = grain.truncate(domain.start());
    if (first.isBefore(domain.start())) {
      first = grain.plus(first, 1);
    }
    LocalDateTime last = grain.plus(grain.truncate(domain.end()), -1);
    long count = PartitionIndex.of(grain, last) - PartitionIndex.of(grain, first) + 1;
    return count <= 0
        ? new DomainKeys(null, null, 0)
        : new DomainKeys(PartitionKey.of(grain, first), PartitionKey.of(grain, last), count);
  }

  /** Every (asset, partition) that {@code task} reads, over all its dependencies. */
  public List<Task> inputsOf(Task task) {
    Asset asset = project.asset(task.asset());
    List<Task> inputs = new ArrayList<>();
    for (Dependency dependency : asset.dependencies()) {
      Asset upstream = project.asset(dependency.upstream());
      for (PartitionKey key :
          dependency.mapping().upstreamOf(task.partition(), upstream.grain(), domain(upstream))) {
        inputs.add(new Task(upstream.name(), key));
      }
    }
    return inputs;
  }

  /**
   * The span of each asset's partitions whose stored states deciding or running {@code tasks}
   * needs: the tasks' own partitions and every partition they read, per asset from the first to the
   * last. Planning a day of a project with years of history reads that day and what it reads, not
   * the years.
   */
  public Map<AssetName, TimeRange> stateSpans(Iterable<Task> tasks) {
    Map<AssetName, LocalDateTime[]> bounds = new HashMap<>();
    for (Task task : tasks) {
      widen(bounds, task);
      for (Task input : inputsOf(task)) {
        widen(bounds, input);
      }
    }
    Map<AssetName, TimeRange> spans = new HashMap<>();
    bounds.forEach((asset, span) -> spans.put(asset, new TimeRange(span[0], span[1])));
    return spans;
  }

  private static void widen(Map<AssetName, LocalDateTime[]> bounds, Task task) {
    PartitionKey key = task.partition();
    if (key.grain() == Grain.ALL) {
      // The unpartitioned key is read whatever the span.
      bounds.computeIfAbsent(task.asset(), a -> new LocalDateTime[] {key.start(), key.start()});
      return;
    }
    LocalDateTime[] span = bounds.get(task.asset());
    if (span == null) {
      bounds.put(task.asset(), new LocalDateTime[] {key.start(), key.end()});
      return;
    }
    if (key.start().isBefore(span[0])) {
      span[0] = key.start();
    }
    if (key.end().isAfter(span[1])) {
      span[1] = key.end();
    }
  }

  /** Every (asset, partition) that reads {@code task}'s partition directly. */
  public List<Task> readersOf(Task task) {
    Asset upstream = project.asset(task.asset());
    List<Task> readers = new ArrayList<>();
    List<AssetName> candidates = new ArrayList<>(project.graph().downstreamOf(upstream.name()));
    candidates.add(upstream.name());
    for (AssetName name : candidates) {
      Asset downstream = project.asset(name);
      for (Dependency dependency : downstream.dependencies()) {
        if (dependency.upstream().equals(upstream.name())) {
          for (PartitionKey key :
              dependency
                  .mapping()
                  .downstreamOf(task.partition(), downstream.grain(), domain(downstream))) {
            readers.add(new Task(name, key));
          }
        }
      }
    }
    return readers;
  }

  /**
   * A digest of the versions of every partition {@code task} reads. Inputs are sorted first: the
   * order of an asset's dependencies is not stable across processes, and the digest must be.
   */
  public String inputVersion(Task task, BiFunction<AssetName, PartitionKey, String> versionOf) {
    return inputVersion(inputsOf(task), versionOf);
  }

  /** The same digest, for inputs already listed by {@link #inputsOf}. */
  public String inputVersion(
      List<Task> inputs, BiFunction<AssetName, PartitionKey, String> versionOf) {
    StringBuilder text = new StringBuilder();
    for (Task input : inputs.stream().sorted().toList()) {
      text.append(input.asset())
          .append('/')
          .append(input.partition())
          .append('=')
          .append(versionOf.apply(input.asset(), input.partition()))
          .append('\n');
    }
    return digest(text.toString());
  }

  /**
   * The version of data written by code of {@code codeVersion} from inputs of {@code inputVersion}.
   */
  public static String dataVersion(String codeVersion, String inputVersion) {
    return digest(codeVersion + "/" + inputVersion);
  }

  public static String digest(String text) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
