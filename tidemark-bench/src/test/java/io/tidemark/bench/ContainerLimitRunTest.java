package io.tidemark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A daily run over a few thousand tables in a process held to a memory bound as a container holds
 * it: the JVM's heap and DuckDB's memory limit come from configuration ({@code -Xmx}, {@code
 * memory_limit} in tidemark.yml), and the process may use those two plus the allowance the engine
 * documentation states for the JVM's own memory. The first day's tables are written straight into
 * the warehouse as a build of that day leaves them ({@link LargeProject#buildTables}); the second
 * day, which rewrites every table already in the file, runs as a child process watched as a
 * container's memory controller would watch it: its resident memory is read every few milliseconds
 * and the child is killed the moment it passes the bound. It must finish, within the bound by the
 * kernel's own count of its peak ({@code VmHWM}, read as it exits), and leave a file less than
 * twice what its data needs.
 *
 * <p>The file's ratio is what tells whether the warehouse checkpoints during the run. DuckDB's own
 * checkpoints come only at a commit with no other write in flight, which two workers writing side
 * by side on a busy machine almost never leave: every table of the run was then written out at the
 * end, each new block while the old one was still in use, and the file ended at 2.0x to 2.7x its
 * used blocks (measured before Tidemark checkpointed between writes, with DuckDB's trigger set to
 * every 1,000 log entries; 1.74x at 1,000 tables with a checkpoint every 250 writes). Memory stays
 * within the bound either way, as {@code memory_limit} caps what DuckDB keeps; 10,000 tables with a
 * month built are measured in BENCHMARKS.md rather than here, as that run takes many minutes.
 */
@EnabledOnOs(OS.LINUX)
class ContainerLimitRunTest {
  private static final int MODELS = 2500;
  private static final long HEAP_MIB = 256;
  private static final long ENGINE_MIB = 128;

  /** What the engine documentation allows the JVM besides its heap (DuckDbResources). */
  private static final long JVM_OWN_MIB = 512;

  private static final long BOUND_KIB = (HEAP_MIB + ENGINE_MIB + JVM_OWN_MIB) * 1024;

  private static final Pattern RATIO = Pattern.compile("of it in use \\((\\d+\\.\\d+)x\\)");

  @TempDir Path directory;

  @Test
  void aDailyRunOverAFewThousandTablesStaysWithinTheConfiguredBoundAndKeepsItsFileCompact()
      throws Exception {
    Path project = directory.resolve("large");
    LargeProject.write(project, MODELS, 10, 1, true);
    Path config = project.resolve("tidemark.yml");
    Files.writeString(
        config,
        Files.readString(config)
            .replace(
                "  path: warehouse.duckdb\n",
                "  path: warehouse.duckdb\n  memory_limit: " + ENGINE_MIB + "MiB\n"));
    LargeProject.loadSource(project, LargeProject.START, 2);
    // The first day's tables as a build of it leaves them, written straight into the warehouse:
    // what the run below meets is a file holding every table already.
    LargeProject.buildTables(project, MODELS, 10, LargeProject.START, 1);
    String second = LargeProject.START.plusDays(1).toString();

    Child run =
        child(
            "run", "-y", "--compact", "-p", project.toString(), "--start", second, "--end", second);

    assertThat(run.killedAtKib())
        .as("killed above the bound of %d KiB; output: %s", BOUND_KIB, run.output())
        .isZero();
    assertThat(run.exitCode()).as(run.output()).isZero();
    assertThat(run.output())
        .contains("Completed")
        .contains(String.format(Locale.ROOT, "%,d succeeded", MODELS))
        .contains("Checkpointing the warehouse… ");
    assertThat(run.peakKib()).as(run.output()).isPositive().isLessThanOrEqualTo(BOUND_KIB);
    Matcher ratio = RATIO.matcher(run.output());
    assertThat(ratio.find()).as(run.output()).isTrue();
    assertThat(Double.parseDouble(ratio.group(1)))
        .as("the file over its used blocks after the run: %s", run.output())
        .isLessThan(2.0);

    Child setting =
        child(
            "sql",
            "-p",
            project.toString(),
            "select current_setting('memory_limit') as memory_limit");
    assertThat(setting.exitCode()).as(setting.output()).isZero();
    assertThat(setting.output()).contains("128.0 MiB");
  }

  /**
   * @param killedAtKib the resident memory at which the watch killed the child; 0 if it did not
   * @param peakKib the child's own {@code VmHWM} as it exited; -1 if it did not say
   */
  private record Child(int exitCode, String output, long killedAtKib, long peakKib) {}

  /**
   * The CLI in a JVM of its own with the configured heap, its resident memory watched against the
   * bound as a container's memory controller would.
   */
  private Child child(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx" + HEAP_MIB + "m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(PeakResidentMain.class.getName());
    command.addAll(List.of(arguments));
    Path log = Files.createTempFile(directory, "child", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Path status = Path.of("/proc", String.valueOf(process.pid()), "status");
    AtomicLong killedAt = new AtomicLong();
    // The child's resident memory, sampled every 5 ms until it exits: above the bound it is
    // killed, as a container's memory limit would.
    java.util.concurrent.ScheduledExecutorService watch =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "memory-watch");
              thread.setDaemon(true);
              return thread;
            });
    watch.scheduleAtFixedRate(
        () -> {
          long resident = PeakResidentMain.statusField(status, "VmRSS:");
          if (process.isAlive() && resident > BOUND_KIB) {
            killedAt.compareAndSet(0, resident);
            process.destroyForcibly();
          }
        },
        0,
        5,
        TimeUnit.MILLISECONDS);
    try {
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new AssertionError("the child JVM did not finish: " + Files.readString(log));
      }
    } finally {
      watch.shutdownNow();
      watch.awaitTermination(1, TimeUnit.MINUTES);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    long peak = -1;
    Matcher line =
        Pattern.compile(Pattern.quote(PeakResidentMain.PREFIX) + "(\\d+)").matcher(output);
    if (line.find()) {
      peak = Long.parseLong(line.group(1));
    }
    return new Child(process.exitValue(), output, killedAt.get(), peak);
  }
}
