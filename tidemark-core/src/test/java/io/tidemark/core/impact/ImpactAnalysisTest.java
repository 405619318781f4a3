package io.tidemark.core.impact;

import static io.tidemark.core.plan.EventsProject.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.EventsProject;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.plan.StoredStates;
import io.tidemark.core.plan.Task;
import io.tidemark.core.project.Project;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImpactAnalysisTest {
  @TempDir Path directory;

  private Project project;
  private Lineage lineage;
  private ImpactAnalysis analysis;
  private Function<AssetName, PartitionSet> everythingBuilt;

  @BeforeEach
  void loadProject() {
    project = EventsProject.writeTo(directory).load();
    lineage = new Lineage(project, CLOCK);
    analysis = new ImpactAnalysis(project.graph(), lineage::domain);
    everythingBuilt =
        StoredPartitions.built(lineage, new StoredStates(lineage).everythingBuilt().asMap());
  }

  private Map<AssetName, PartitionSet> days(String asset, String first, String last) {
    Asset root = project.resolve(asset);
    return Map.of(
        root.name(),
        PartitionSet.overlapping(
            root.grain(), TimeRange.ofDays(LocalDate.parse(first), LocalDate.parse(last))));
  }

  private static Map<String, String> described(Impact impact) {
    Map<String, String> text = new TreeMap<>();
    impact
        .assets()
        .forEach((name, affected) -> text.put(name.toString(), affected.partitions().describe()));
    return text;
  }

  @Test
  void sourceDamageReachesEveryMappingKindAcrossTheGraph() {
    Impact impact =
        analysis.analyse(days("raw.events", "2024-01-10", "2024-01-12"), everythingBuilt, Set.of());

    assertThat(described(impact))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "raw.events", "2024-01-10..2024-01-12",
                "main.clean_events", "2024-01-10..2024-01-12",
                "main.weekly", "2024-01-10..2024-01-18",
                "main.running_total", "2024-01-10..2024-02-02",
                "main.monthly", "2024-01",
                "main.summary", "all"));
    assertThat(impact.assets().get(AssetName.parse("main.running_total")).runsForward()).isTrue();
    assertThat(impact.partitionCount()).isEqualTo(3 + 3 + 9 + 24 + 1 + 1);
    assertThat(impact.downstreamPartitionCount()).isEqualTo(3 + 9 + 24 + 1 + 1);
  }

  @Test
  void eachAffectedAssetKnowsThePathThatReachesIt() {
    Impact impact =
        analysis.analyse(days("raw.events", "2024-01-10", "2024-01-10"), everythingBuilt, Set.of());

    assertThat(impact.pathTo(AssetName.parse("main.summary")).stream().map(Object::toString))
        .containsExactly("raw.events", "main.clean_events", "main.monthly", "main.summary");
    Impact.AffectedAsset weekly = impact.assets().get(AssetName.parse("main.weekly"));
    assertThat(weekly.via())
        .singleElement()
        .satisfies(v -> assertThat(v.mapping().describe()).isEqualTo("window(7)"));
    assertThat(weekly.depth()).isEqualTo(1);
  }

  @Test
  void impactEqualsTheClosureWalkedPartitionByPartition() {
    Random random = new Random(7);
    List<AssetName> names = project.graph().topologicalOrder();
    for (int round = 0; round < 60; round++) {
      Asset root = project.asset(names.get(random.nextInt(names.size())));
      List<PartitionKey> all = lineage.partitions(root, lineage.domain(root));
      int first = random.nextInt(all.size());
      int last = Math.min(all.size() - 1, first + random.nextInt(5));
      List<PartitionKey> keys = all.subList(first, last + 1);

      Impact impact =
          analysis.analyse(
              Map.of(root.name(), PartitionSet.of(root.grain(), keys)), everythingBuilt, Set.of());

      Set<Task> expected = bruteForce(root.name(), keys);
      Set<Task> actual = new HashSet<>();
      impact
          .assets()
          .forEach((name, a) -> a.partitions().keys().forEach(k -> actual.add(new Task(name, k))));
      assertThat(new TreeSet<>(actual))
          .as("impact of %s %s", root.name(), keys)
          .isEqualTo(new TreeSet<>(expected));
    }
  }

  /** Follows Lineage.readersOf one partition at a time: slow, obviously right. */
  private Set<Task> bruteForce(AssetName root, List<PartitionKey> keys) {
    Set<Task> seen = new HashSet<>();
    Deque<Task> queue = new ArrayDeque<>();
    keys.forEach(k -> queue.add(new Task(root, k)));
    while (!queue.isEmpty()) {
      Task task = queue.removeFirst();
      if (seen.add(task)) {
        queue.addAll(lineage.readersOf(task));
      }
    }
    return seen;
  }

  @Test
  void partitionsNeverBuiltAreNotAffectedAndPassNothingOn() {
    StoredStates states = new StoredStates(lineage);
    states.scanned("raw.events", "v1").built("clean_events");
    for (int day = 1; day <= 14; day++) {
      states.built("weekly", LocalDate.of(2024, 1, day).toString());
    }
    Impact impact =
        analysis.analyse(
            days("raw.events", "2024-01-10", "2024-01-12"),
            StoredPartitions.built(lineage, states.asMap()),
            Set.of());

    assertThat(described(impact))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "raw.events", "2024-01-10..2024-01-12",
                "main.clean_events", "2024-01-10..2024-01-12",
                "main.weekly", "2024-01-10..2024-01-14"));
  }

  @Test
  void stopAtKeepsTheAssetButNotItsReaders() {
    Impact impact =
        analysis.analyse(
            days("raw.events", "2024-01-10", "2024-01-12"),
            everythingBuilt,
            Set.of(AssetName.parse("main.clean_events")));

    assertThat(described(impact))
        .containsOnlyKeys("raw.events", "main.clean_events", "main.weekly");
    assertThat(impact.assets().get(AssetName.parse("main.clean_events")).stoppedHere()).isTrue();
  }

  @Test
  void aCumulativeRootRunsForwardToItsLastBuiltPartition() {
    Impact impact =
        analysis.analyse(
            days("running_total", "2024-01-30", "2024-01-30"), everythingBuilt, Set.of());

    assertThat(described(impact))
        .containsExactlyInAnyOrderEntriesOf(Map.of("main.running_total", "2024-01-30..2024-02-02"));
    assertThat(
            impact.assets().get(AssetName.parse("main.running_total")).rootPartitions().describe())
        .isEqualTo("2024-01-30");
  }
}
