package io.tidemark.core.repair;

import static io.tidemark.core.plan.EventsProject.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.impact.Impact;
import io.tidemark.core.impact.ImpactAnalysis;
import io.tidemark.core.impact.StoredPartitions;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.plan.EventsProject;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.plan.StoredStates;
import io.tidemark.core.project.Project;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepairPlannerTest {
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

  @Test
  void repairPlanRebuildsModelsOnlyAndShowsTheHoleAnExclusionLeaves() {
    Impact impact =
        analysis.analyse(days("raw.events", "2024-01-10", "2024-01-12"), everythingBuilt, Set.of());

    RepairPlan plan =
        new RepairPlanner(project.graph())
            .plan(impact, Set.of(AssetName.parse("main.clean_events")));

    assertThat(plan.tasks().keySet().stream().map(Object::toString))
        .containsExactlyInAnyOrder(
            "main.weekly", "main.running_total", "main.monthly", "main.summary");
    assertThat(plan.taskCount()).isEqualTo(9 + 24 + 1 + 1);
    assertThat(plan.holes())
        .singleElement()
        .satisfies(
            hole -> {
              assertThat(hole.excluded().toString()).isEqualTo("main.clean_events");
              assertThat(hole.readers().keySet().stream().map(Object::toString))
                  .containsExactlyInAnyOrder("main.running_total", "main.monthly");
            });
    assertThat(plan.notes()).anyMatch(n -> n.startsWith("raw.events is a source"));
    assertThat(plan.notes()).anyMatch(n -> n.contains("running_total reads its own previous"));
  }

  @Test
  void executablePlanOrdersRepairTasksByWhatTheyRead() {
    Impact impact =
        analysis.analyse(days("raw.events", "2024-01-10", "2024-01-11"), everythingBuilt, Set.of());
    RepairPlan plan = new RepairPlanner(project.graph()).plan(impact, Set.of());

    var executable =
        RepairPlanner.executable(
            lineage, "repair", EventsProject.JANUARY, plan.taskList(), Map.of());

    Map<String, List<String>> upstream = new LinkedHashMap<>();
    executable
        .tasks()
        .forEach(
            t ->
                upstream.put(
                    t.task().toString(),
                    t.upstream().stream().map(Object::toString).sorted().toList()));
    assertThat(upstream).hasSize((int) plan.taskCount());
    assertThat(upstream.get("main.running_total 2024-01-11"))
        .containsExactly("main.clean_events 2024-01-11", "main.running_total 2024-01-10");
    assertThat(upstream.get("main.running_total 2024-01-10"))
        .containsExactly("main.clean_events 2024-01-10");
    assertThat(upstream.get("main.monthly 2024-01"))
        .containsExactly("main.clean_events 2024-01-10", "main.clean_events 2024-01-11");
  }
}
