package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.impact.StoredPartitions;
import io.tidemark.core.partition.PartitionSet;
import io.tidemark.core.plan.Lineage;
import io.tidemark.core.state.StateStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which partitions hold data, read from the packed row counts, is what reading every state says:
 * after built, failed-with-data, invalidated and unpartitioned partitions.
 */
class StoredPartitionsTest {
  @TempDir Path dir;

  @Test
  void thePackedReadAgreesWithEveryStateForEveryAsset() {
    TestProject project = TestProject.standard(dir).withEvents(5);
    project.stagingProperties(
        """
            checks:
              - expression: {condition: "event_time < timestamp '2024-01-04'", severity: error}
        """);
    // Days 4 and 5 of stg_events are written but fail their check: failed, with data.
    assertThat(project.run("2024-01-01", "2024-01-05").exitCode()).isEqualTo(1);
    assertThat(
            project
                .cli(
                    "invalidate",
                    "staging.stg_events",
                    "--start",
                    "2024-01-02",
                    "--end",
                    "2024-01-02",
                    "--reason",
                    "test")
                .exitCode())
        .isZero();

    try (Workspace workspace =
        new Workspace(project.root, null, Clock.systemUTC(), new PrintWriter(new StringWriter()))) {
      Lineage lineage = new Lineage(workspace.project(), workspace.clock());
      StateStore store = workspace.store();
      Function<AssetName, PartitionSet> packed = StoredPartitions.built(lineage, store);
      Function<AssetName, PartitionSet> everyState =
          StoredPartitions.built(lineage, store.partitionsByAsset(List.of()));

      for (AssetName asset : workspace.project().graph().topologicalOrder()) {
        assertThat(packed.apply(asset).spans())
            .as("%s", asset)
            .isEqualTo(everyState.apply(asset).spans());
      }
      assertThat(packed.apply(AssetName.parse("staging.stg_events")).describe())
          .isEqualTo(everyState.apply(AssetName.parse("staging.stg_events")).describe())
          .contains("2024-01-05");
    }
  }
}
