package io.tidemark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.cli.Main;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daily run over hundreds of tables in a JVM sized as a container would size it: a 384 MiB heap
 * and a DuckDB memory limit of 128 MiB, both from configuration (the JVM's flag, tidemark.yml). The
 * first day is built in this JVM; the second, which writes into tables already in the file, runs in
 * the child and has to finish, and DuckDB has to report the configured limit. It checks that the
 * limits are applied and suffice; it does not tell whether DuckDB checkpoints during the run (a run
 * of this size also finished within 128 MiB when it did not).
 */
class ContainerLimitRunTest {
  private static final int MODELS = 600;

  @TempDir Path directory;

  @Test
  void aDailyRunOverHundredsOfTablesFinishesWithinTheConfiguredHeapAndEngineLimits()
      throws Exception {
    Path project = directory.resolve("large");
    LargeProject.write(project, MODELS, 10, 1);
    Path config = project.resolve("tidemark.yml");
    Files.writeString(
        config,
        Files.readString(config)
            .replace(
                "  path: warehouse.duckdb\n",
                "  path: warehouse.duckdb\n  memory_limit: 128MiB\n  threads: 1\n"));
    LargeProject.loadSource(project, LargeProject.START, 2);
    String first = LargeProject.START.toString();
    String second = LargeProject.START.plusDays(1).toString();
    StringWriter firstOutput = new StringWriter();
    int firstDay =
        Main.execute(
            new String[] {"run", "-y", "-p", project.toString(), "--start", first, "--end", first},
            new PrintWriter(firstOutput, true),
            new PrintWriter(firstOutput, true));
    assertThat(firstDay).as(firstOutput.toString()).isZero();

    Child run =
        child(
            "run", "-y", "--compact", "-p", project.toString(), "--start", second, "--end", second);

    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("Completed")
        .contains(MODELS + " succeeded")
        .contains("Checkpointing the warehouse… ");

    Child setting =
        child(
            "sql",
            "-p",
            project.toString(),
            "select current_setting('memory_limit') as memory_limit,"
                + " current_setting('threads') as threads");
    assertThat(setting.exitCode()).as(setting.output()).isZero();
    assertThat(setting.output()).contains("128.0 MiB");
  }

  private record Child(int exitCode, String output) {}

  /** The CLI in a JVM of its own with a 384 MiB heap, as a container's launcher would start it. */
  private Child child(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx384m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(arguments));
    Path log = Files.createTempFile(directory, "child", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("the child JVM did not finish: " + Files.readString(log));
    }
    return new Child(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
  }
}
