package io.tidemark.core.plan;

import static io.tidemark.core.plan.EventsProject.CLOCK;
import static io.tidemark.core.plan.EventsProject.JANUARY;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Dependency;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.Project;
import io.tidemark.core.project.ProjectFiles;
import io.tidemark.core.project.TestProjects;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageTest {
  @TempDir Path directory;

  private Project project;
  private Lineage lineage;

  @BeforeEach
  void writeProject() {
    project = EventsProject.writeTo(directory).load();
    lineage = new Lineage(project, CLOCK);
  }

  private Asset asset(String name) {
    return project.resolve(name);
  }

  private static Task task(String asset, String partition) {
    Grain grain =
        partition.equals("all") ? Grain.ALL : partition.length() == 7 ? Grain.MONTH : Grain.DAY;
    return new Task(AssetName.parse(asset), PartitionKey.parse(grain, partition));
  }

  private static List<String> names(List<Task> tasks) {
    return tasks.stream().map(Task::toString).toList();
  }

  private static final BiFunction<AssetName, PartitionKey, String> ALL_V1 = (a, k) -> "v1";

  @Test
  void theDomainEndsWithTheLastCompletePartition() {
    assertThat(lineage.domain(asset("clean_events")))
        .isEqualTo(TimeRange.ofDays(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 2, 2)));
    assertThat(lineage.domain(asset("monthly")))
        .isEqualTo(TimeRange.ofDays(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 31)));
    assertThat(lineage.domain(asset("summary")).end())
        .isEqualTo(LocalDateTime.of(2024, 2, 3, 6, 0));
  }

  @Test
  void anHourlyDomainEndsWithTheLastCompleteHour() {
    Project hourly =
        ProjectFiles.in(directory.resolve("hourly"))
            .config(ProjectFiles.MINIMAL_CONFIG)
            .yaml(
                "sources.yml",
                """
                sources:
                  - schema: raw
                    tables:
                      - name: clicks
                        partitioning: {grain: hour, column: at}
                """)
            .load();
    Lineage lineage = new Lineage(hourly, CLOCK);

    List<PartitionKey> partitions =
        lineage.partitions(
            hourly.resolve("raw.clicks"),
            TimeRange.ofDays(LocalDate.of(2024, 2, 3), LocalDate.of(2024, 2, 3)));

    assertThat(partitions)
        .extracting(PartitionKey::toString)
        .containsExactly(
            "2024-02-03T00",
            "2024-02-03T01",
            "2024-02-03T02",
            "2024-02-03T03",
            "2024-02-03T04",
            "2024-02-03T05");
  }

  @Test
  void anAssetStartingAfterTheClockHasNoPartitions() {
    Lineage early =
        new Lineage(project, Clock.fixed(Instant.parse("2023-12-15T00:00:00Z"), ZoneOffset.UTC));

    assertThat(early.domain(asset("clean_events")).isEmpty()).isTrue();
    assertThat(early.partitions(asset("clean_events"), JANUARY)).isEmpty();
    assertThat(early.partitions(asset("summary"), JANUARY)).containsExactly(PartitionKey.ALL);
  }

  @Test
  void partitionsAreClippedByTheDomain() {
    TimeRange wide = TimeRange.ofDays(LocalDate.of(2023, 12, 1), LocalDate.of(2024, 3, 31));

    List<PartitionKey> days = lineage.partitions(asset("clean_events"), wide);

    assertThat(days).hasSize(33);
    assertThat(days.get(0)).hasToString("2024-01-01");
    assertThat(days.get(32)).hasToString("2024-02-02");
    assertThat(lineage.partitions(asset("monthly"), wide))
        .extracting(PartitionKey::toString)
        .containsExactly("2024-01");
  }

  @Test
  void inputsOfAWindowStopAtTheStartOfTheUpstreamDomain() {
    assertThat(names(lineage.inputsOf(task("main.weekly", "2024-01-03"))))
        .containsExactly("raw.events 2024-01-01", "raw.events 2024-01-02", "raw.events 2024-01-03");
    assertThat(lineage.inputsOf(task("main.weekly", "2024-01-20"))).hasSize(7);
  }

  @Test
  void inputsOfACumulativeModelAreTheDayAndItsOwnDayBefore() {
    assertThat(names(lineage.inputsOf(task("main.running_total", "2024-01-05"))))
        .containsExactlyInAnyOrder("main.clean_events 2024-01-05", "main.running_total 2024-01-04");
    assertThat(names(lineage.inputsOf(task("main.running_total", "2024-01-01"))))
        .containsExactly("main.clean_events 2024-01-01");
  }

  @Test
  void inputsOfAnUnpartitionedModelAreEveryCompletePartition() {
    assertThat(names(lineage.inputsOf(task("main.summary", "all"))))
        .containsExactly("main.monthly 2024-01");
  }

  @Test
  void readersOfASourceDayAreTheDayAndTheWindowsThatCoverIt() {
    assertThat(names(lineage.readersOf(task("raw.events", "2024-01-10"))))
        .containsExactlyInAnyOrder(
            "main.clean_events 2024-01-10",
            "main.weekly 2024-01-10",
            "main.weekly 2024-01-11",
            "main.weekly 2024-01-12",
            "main.weekly 2024-01-13",
            "main.weekly 2024-01-14",
            "main.weekly 2024-01-15",
            "main.weekly 2024-01-16");
  }

  @Test
  void aCumulativeModelIsReadByItsNextDay() {
    assertThat(names(lineage.readersOf(task("main.running_total", "2024-01-10"))))
        .containsExactly("main.running_total 2024-01-11");
    assertThat(lineage.readersOf(task("main.running_total", "2024-02-02"))).isEmpty();
  }

  @Test
  void readersOfAndInputsOfAgreeOnEveryTask() {
    List<Task> tasks = new ArrayList<>();
    for (Asset asset : project.assets().values()) {
      for (PartitionKey key : lineage.partitions(asset, lineage.domain(asset))) {
        tasks.add(new Task(asset.name(), key));
      }
    }
    for (Task task : tasks) {
      for (Task input : lineage.inputsOf(task)) {
        assertThat(lineage.readersOf(input)).as("readers of %s", input).contains(task);
      }
      for (Task reader : lineage.readersOf(task)) {
        assertThat(lineage.inputsOf(reader)).as("inputs of %s", reader).contains(task);
      }
    }
  }

  @Test
  void inputVersionChangesWhenAnInputVersionChanges() {
    Task weekly = task("main.weekly", "2024-01-10");
    String before = lineage.inputVersion(weekly, ALL_V1);

    String inputChanged =
        lineage.inputVersion(weekly, (a, k) -> k.toString().equals("2024-01-04") ? "v2" : "v1");
    String otherChanged =
        lineage.inputVersion(weekly, (a, k) -> k.toString().equals("2024-01-03") ? "v2" : "v1");

    assertThat(inputChanged).isNotEqualTo(before);
    assertThat(otherChanged).isEqualTo(before);
    assertThat(lineage.inputVersion(weekly, ALL_V1)).isEqualTo(before);
  }

  @Test
  void inputVersionDoesNotDependOnTheOrderOfDependencies() {
    Project reversed =
        TestProjects.rewritten(
            project,
            asset -> {
              List<Dependency> dependencies = new ArrayList<>(asset.dependencies());
              Collections.reverse(dependencies);
              return asset.withDependencies(dependencies);
            });
    Lineage reversedLineage = new Lineage(reversed, CLOCK);
    Task task = task("main.running_total", "2024-01-10");
    assertThat(project.asset(task.asset()).dependencies()).hasSize(2);
    BiFunction<AssetName, PartitionKey, String> versions = (a, k) -> a + "@" + k;

    assertThat(reversedLineage.inputVersion(task, versions))
        .isEqualTo(lineage.inputVersion(task, versions));
  }

  @Test
  void dataVersionFollowsCodeAndInputs() {
    String version = Lineage.dataVersion("code1", "input1");

    assertThat(version).hasSize(16).isEqualTo(Lineage.dataVersion("code1", "input1"));
    assertThat(Lineage.dataVersion("code2", "input1")).isNotEqualTo(version);
    assertThat(Lineage.dataVersion("code1", "input2")).isNotEqualTo(version);
  }

  @Test
  void domainKeysAreTheFirstLastAndCountOfTheDomainsPartitions() {
    for (String now :
        List.of(
            "2024-02-03T06:00:00Z",
            "2024-01-01T00:00:00Z",
            "2023-12-31T23:00:00Z",
            "2024-03-01T00:00:00Z",
            "2025-07-15T13:30:00Z")) {
      Lineage at = new Lineage(project, Clock.fixed(Instant.parse(now), ZoneOffset.UTC));
      for (AssetName name : project.graph().topologicalOrder()) {
        Asset asset = project.asset(name);
        List<PartitionKey> listed = at.partitions(asset, at.domain(asset));
        Lineage.DomainKeys keys = at.domainKeys(asset);

        assertThat(keys.count()).as("%s at %s", name, now).isEqualTo(listed.size());
        if (!listed.isEmpty()) {
          assertThat(keys.first()).isEqualTo(listed.get(0));
          assertThat(keys.last()).isEqualTo(listed.get(listed.size() - 1));
        }
      }
    }
  }
}
