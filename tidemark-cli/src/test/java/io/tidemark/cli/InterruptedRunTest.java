package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed mid-way (kill -9, or Ctrl-C / SIGTERM) is recognised on the next start and completed
 * by running again, without duplicating data. The run executes in a child JVM so it can really be
 * killed.
 */
class InterruptedRunTest {
  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void setUp() {
    project = TestProject.standard(dir).withEvents(5);
    // Slow enough per partition that the kill lands mid-run.
    project.write(
        "models/marts/slow_days.sql",
        """
        select date '{{ partition_start }}' as day,
               (select count(*) from range(60000000) r(x) where (x * 7) % 13 = 1) as n
        """);
    project.write(
        "models/marts/slow.yml",
        """
        models:
          - name: slow_days
            partitioning: {grain: day, column: day}
        """);
  }

  private Process startRun() throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        new ArrayList<>(
            List.of(java, "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    command.addAll(
        List.of(
            project.runArguments(
                "2024-01-01",
                "2024-01-31",
                "--select",
                "slow_days",
                "--threads",
                "1",
                "--no-color")));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** Reads the child's output until a slow partition has finished, so the run is well under way. */
  private static void awaitFirstSlowPartition(Process process) throws IOException {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.contains("OK") && line.contains("marts.slow_days")) {
        return;
      }
    }
    throw new AssertionError("the child run ended before any partition finished");
  }

  @Test
  void killedRunIsMarkedInterruptedAndRunningAgainCompletesIt() throws Exception {
    Process process = startRun();
    awaitFirstSlowPartition(process);
    process.destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();

    Cli.Result runs = project.cli("runs", "--format", "json");
    assertThat(runs.err()).contains("run 1 was interrupted");
    assertThat(runs.out()).contains("\"status\" : \"interrupted\"");
    long builtBefore = project.count("select count(*) from marts.slow_days");
    assertThat(builtBefore).isBetween(1L, 30L);

    Cli.Result again = project.run("2024-01-01", "2024-01-31", "--select", "slow_days");
    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(again.out()).contains((31 - builtBefore) + " tasks");
    assertThat(project.count("select count(*) from marts.slow_days")).isEqualTo(31);
    assertThat(project.count("select count(distinct day) from marts.slow_days")).isEqualTo(31);
  }

  @Test
  void terminatedRunRecordsItselfAsInterrupted() throws Exception {
    Process process = startRun();
    awaitFirstSlowPartition(process);
    process.destroy(); // SIGTERM, like Ctrl-C: the shutdown hook cancels the run
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

    Cli.Result runs = project.cli("runs", "--format", "json");
    assertThat(runs.err()).doesNotContain("was interrupted (its process");
    assertThat(runs.out()).contains("\"status\" : \"interrupted\"");

    Cli.Result again = project.run("2024-01-01", "2024-01-31", "--select", "slow_days");
    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(project.count("select count(*) from marts.slow_days")).isEqualTo(31);
  }
}
