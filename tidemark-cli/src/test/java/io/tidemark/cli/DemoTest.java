package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's first command: the demo runs the pipelines, then the incident story. */
class DemoTest {
  @TempDir Path directory;

  @Test
  void demoRunsEveryPipelineThenRepairsTheIncidentBackToTheOriginalTables() {
    Path demo = directory.resolve("demo");
    Cli.Result result =
        Cli.run("demo", "--dir", demo.toString(), "--days", "20", "--scale", "0.05", "--no-color");

    assertThat(result.exitCode()).as(result.all()).isZero();
    assertThat(result.out())
        .contains("Latest KPIs")
        .contains("$ ./tidemark impact raw.user_actions")
        .contains("marts.kpi_daily")
        .contains("Repair 1 finished")
        .contains("✓ Every model matches what it held before the incident")
        .doesNotContain("✗");
    // The first run builds clean data, month-end renewals and tables filling from nothing
    // included: no volume check warns on it.
    String firstRun = result.out().substring(0, result.out().indexOf("An incident"));
    assertThat(firstRun).contains("Completed").doesNotContain("volume_anomaly");
    // Twenty days: the damaged days have ten days of history, judged in the young band.
    assertThat(result.out())
        .containsPattern("raw\\.user_actions\\s+volume_anomaly\\s+warn\\s+\\d{4}-\\d{2}-\\d{2}, ")
        .containsPattern("warn raw\\.user_actions volume_anomaly \\d{4}-\\d{2}-\\d{2}: low: ");
  }
}
