package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What each attempt printed is kept with it and shown by {@code tidemark runs show}. */
class AttemptLogTest {
  @TempDir Path root;

  @Test
  void runsShowPrintsWhatAFailedAttemptRanAndTheWarehousesError() throws Exception {
    TestProject project = TestProject.standard(root).withEvents(5);
    project.write(
        "models/marts/broken.sql",
        """
        select event_date, cast(event_date as varchar)::integer as n
        from {{ ref('daily_totals') }}
        where event_date = date '{{ partition_start }}'
        """);
    project.write(
        "models/marts/broken.yml",
        """
        models:
          - name: broken
            partitioning: {grain: day, column: event_date}
        """);
    Cli.Result run = project.run("2024-01-01", "2024-01-01", "-s", "+broken");
    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);

    Cli.Result shown = project.cli("runs", "show", "1", "--no-color");
    assertThat(shown.exitCode()).as(shown.all()).isZero();
    assertThat(shown.out())
        .contains("Log of marts.broken 2024-01-01, try 1 (failed):")
        .contains("statement (incremental):")
        .contains("cast(event_date as varchar)::integer")
        .contains("error: ")
        .contains("Conversion Error");
    // Only failures unless asked: the succeeded attempts' logs are not printed.
    assertThat(shown.out()).doesNotContain("Log of marts.daily_totals");
    assertThat(project.cli("runs", "show", "1", "--no-color", "--logs").out())
        .contains("Log of marts.daily_totals 2024-01-01, try 1 (succeeded):")
        .containsPattern("wrote 1 rows, \\d+ bytes in \\d+ ms");

    JsonNode json =
        new ObjectMapper().readTree(project.cli("runs", "show", "1", "--format", "json").out());
    JsonNode broken = null;
    for (JsonNode attempt : json.get("attempts")) {
      if (attempt.get("asset").asText().equals("marts.broken")) {
        broken = attempt;
      }
    }
    assertThat(broken).isNotNull();
    assertThat(broken.get("log").asText()).contains("attempt 1 of marts.broken 2024-01-01");
  }
}
