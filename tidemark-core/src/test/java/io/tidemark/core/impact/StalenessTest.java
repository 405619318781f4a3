package io.tidemark.core.impact;

import static io.tidemark.core.plan.EventsProject.CLOCK;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.plan.EventsProject;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.plan.StoredStates;
import io.tidemark.core.project.Project;
import io.tidemark.core.state.PartitionStatus;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StalenessTest {
  @TempDir Path directory;

  private Project project;
  private Lineage lineage;

  @BeforeEach
  void loadProject() {
    project = EventsProject.writeTo(directory).load();
    lineage = new Lineage(project, CLOCK);
  }

  @Test
  void nothingIsStaleRightAfterABuild() {
    StoredStates states = new StoredStates(lineage).everythingBuilt();

    assertThat(Staleness.find(lineage, states.asMap()).isEmpty()).isTrue();
  }

  @Test
  void aRescannedSourcePartitionMakesItsDirectReadersStale() {
    StoredStates states =
        new StoredStates(lineage).everythingBuilt().scanned("raw.events", "2024-01-10", "v2");

    Staleness.Report report = Staleness.find(lineage, states.asMap());

    assertThat(report.stale().get(AssetName.parse("main.clean_events")).describe())
        .isEqualTo("2024-01-10");
    assertThat(report.stale().get(AssetName.parse("main.weekly")).describe())
        .isEqualTo("2024-01-10..2024-01-16");
    assertThat(report.stale()).hasSize(2);
  }

  @Test
  void repairRootsAddInvalidModelPartitionsAndTheirImpactCoversEverythingDownstream() {
    StoredStates states =
        new StoredStates(lineage)
            .everythingBuilt()
            .scanned("raw.events", "2024-01-10", "v2")
            .status("monthly", "2024-01", PartitionStatus.INVALID)
            .status("raw.events", "2024-01-20", PartitionStatus.INVALID);
    Staleness.Report report = Staleness.find(lineage, states.asMap());

    Map<AssetName, PartitionSet> roots = report.repairRoots(project);
    assertThat(roots.keySet().stream().map(Object::toString))
        .containsExactlyInAnyOrder("main.clean_events", "main.weekly", "main.monthly");
    assertThat(report.invalid()).containsKey(AssetName.parse("raw.events"));

    Impact impact =
        new ImpactAnalysis(project.graph(), lineage::domain)
            .analyse(roots, StoredPartitions.built(lineage, states.asMap()), Set.of());
    assertThat(impact.assets().get(AssetName.parse("main.running_total")).partitions().describe())
        .isEqualTo("2024-01-10..2024-02-02");
    assertThat(impact.assets().get(AssetName.parse("main.summary")).partitions().describe())
        .isEqualTo("all");
  }
}
