package io.tidemark.bench;

import io.tidemark.core.project.Project;
import io.tidemark.core.project.ProjectLoader;
import io.tidemark.core.warehouse.WarehouseProviders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Loading the large project (see {@link LargeProject}) cold, from an unchanged project cache, and
 * from the cache after one model file changed; as a bare load in a fresh JVM and as whole CLI
 * processes ({@code validate}, {@code status}). The cold load is the baseline of the same run; the
 * cases are interleaved round by round so that a burst of load on the machine falls on all of them.
 *
 * <p>Usage: {@code java -cp CP io.tidemark.bench.ProjectLoadBenchmark DIR [--models N] [--rounds N]
 * [--launcher PATH]}. DIR is generated (two days of source data) when it holds no project. With
 * {@code --launcher} (the {@code ./tidemark} script of a built checkout) the CLI is timed too.
 */
public final class ProjectLoadBenchmark {
  private ProjectLoadBenchmark() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--load")) {
      load(Path.of(args[1]), args[2].equals("cached"));
      return;
    }
    if (args.length == 0) {
      throw new IllegalArgumentException(
          "usage: ProjectLoadBenchmark DIR [--models N] [--rounds N] [--launcher PATH]");
    }
    Path root = Path.of(args[0]).toAbsolutePath();
    int models = 10_000;
    int rounds = 3;
    String launcher = null;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--models" -> models = Integer.parseInt(args[i + 1]);
        case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
        case "--launcher" -> launcher = Path.of(args[i + 1]).toAbsolutePath().toString();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (!Files.isRegularFile(root.resolve("tidemark.yml"))) {
      LargeProject.write(root, models, 10, 1);
      LargeProject.loadSource(root, LargeProject.START, 2);
    }
    Path edited = root.resolve("models/layer_05/" + LargeProject.modelName(models / 2) + ".sql");
    String original = Files.readString(edited, StandardCharsets.UTF_8);

    Map<String, List<Double>> seconds = new LinkedHashMap<>();
    List<String> cases = new ArrayList<>(List.of("load"));
    if (launcher != null) {
      cases.add("validate");
      cases.add("status");
    }
    for (int round = 0; round < rounds; round++) {
      for (String command : cases) {
        // Cold: no cache at all (what every load cost before the cache), the cache left alone.
        deleteCache(root);
        time(seconds, command + " cold", run(command, root, launcher, false));
        // Unchanged: the cache the previous load wrote.
        run(command, root, launcher, true);
        time(seconds, command + " cached, unchanged", run(command, root, launcher, true));
        // One model changed since the cache was written.
        Files.writeString(
            edited, original + "\n-- edit " + round + command, StandardCharsets.UTF_8);
        time(seconds, command + " cached, one file changed", run(command, root, launcher, true));
        Files.writeString(edited, original, StandardCharsets.UTF_8);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%s: %d rounds, median seconds of wall time, then of CPU time (user + system; -1 without"
            + " /usr/bin/time), each case against its command's cold run%n",
        root,
        rounds);
    for (String command : cases) {
      for (String measure : List.of("", " (cpu)")) {
        double cold = median(seconds.get(command + " cold" + measure));
        for (Map.Entry<String, List<Double>> entry : seconds.entrySet()) {
          if (entry.getKey().startsWith(command + " ")
              && entry.getKey().endsWith(measure)
              && (!measure.isEmpty() || !entry.getKey().endsWith(" (cpu)"))) {
            double median = median(entry.getValue());
            System.out.printf(
                Locale.ROOT,
                "%-40s %7.2f s  %5.2fx of cold  %s%n",
                entry.getKey(),
                median,
                median / cold,
                entry.getValue());
          }
        }
      }
    }
  }

  /** Runs one case as a fresh process; returns its wall time and CPU time in seconds. */
  private static double[] run(String command, Path root, String launcher, boolean cached)
      throws IOException, InterruptedException {
    List<String> line = new ArrayList<>();
    Path cpu = Files.createTempFile("tidemark-cpu", ".txt");
    boolean timed = Files.isExecutable(TIME);
    if (timed) {
      // CPU seconds (user + system) as well as wall time: on a shared machine the wall time of a
      // process says as much about its neighbours as about it.
      line.addAll(List.of(TIME.toString(), "-f", "%U %S", "-o", cpu.toString()));
    }
    if (command.equals("load")) {
      line.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      line.add("-Xmx1g");
      line.add("-cp");
      line.add(System.getProperty("java.class.path"));
      line.add(ProjectLoadBenchmark.class.getName());
      line.add("--load");
      line.add(root.toString());
      line.add(cached ? "cached" : "cold");
    } else {
      line.add(launcher);
      line.add(command);
      line.add("-p");
      line.add(root.toString());
      if (!cached) {
        line.add("--no-cache");
      }
    }
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(discard()).start();
    int exit = process.waitFor();
    double elapsed = (System.nanoTime() - started) / 1e9;
    if (exit != 0) {
      throw new IllegalStateException(String.join(" ", line) + " exited with " + exit);
    }
    double cpuSeconds = -1;
    if (timed) {
      String[] times = Files.readString(cpu).trim().split("\\s+");
      cpuSeconds = Double.parseDouble(times[0]) + Double.parseDouble(times[1]);
    }
    Files.deleteIfExists(cpu);
    return new double[] {elapsed, cpuSeconds};
  }

  private static final Path TIME = Path.of("/usr/bin/time");

  private static ProcessBuilder.Redirect discard() {
    return ProcessBuilder.Redirect.DISCARD;
  }

  /** The load alone, in this (fresh) process. */
  private static void load(Path root, boolean cached) {
    ProjectLoader loader = new ProjectLoader(WarehouseProviders.installed(), System::getenv);
    Project project = (cached ? loader.cached() : loader).load(root);
    if (project.assets().isEmpty()) {
      throw new IllegalStateException("no assets loaded");
    }
  }

  private static void time(Map<String, List<Double>> seconds, String name, double[] value) {
    seconds.computeIfAbsent(name, n -> new ArrayList<>()).add(Math.round(value[0] * 100) / 100.0);
    seconds
        .computeIfAbsent(name + " (cpu)", n -> new ArrayList<>())
        .add(Math.round(value[1] * 100) / 100.0);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Comparator.naturalOrder());
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1
        ? sorted.get(middle)
        : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private static void deleteCache(Path root) {
    Path cache = root.resolve(".tidemark/project-cache");
    if (!Files.exists(cache)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(cache)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
