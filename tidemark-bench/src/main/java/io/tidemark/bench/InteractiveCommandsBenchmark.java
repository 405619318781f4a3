package io.tidemark.bench;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times the interactive commands as a user runs them: each one a whole {@code java -jar
 * tidemark.jar} process on a project made by {@link LargeProject} and built with the CLI, median of
 * a few runs, with the process's peak resident memory ({@code /usr/bin/time -f %M}) and the largest
 * heap in use that a garbage collection found (from {@code -Xlog:gc}). Every command runs under
 * {@code -Xmx} (512 MB unless told), so one that needs more fails and is reported as such. {@code
 * --help} is the baseline, measured in the same run: a JVM start and nothing else.
 *
 * <p>The project is generated and built once when {@code DIR} has no {@code tidemark.yml}, then
 * reused: building 10,000 models over 30 days takes a quarter of an hour. Commands that write
 * ({@code sources scan}, {@code check}, {@code repair --dry-run}) add a few rows to the state on
 * each run, as they would for a user.
 *
 * <p>Usage: {@code java -cp CP io.tidemark.bench.InteractiveCommandsBenchmark DIR --jar
 * tidemark-cli/target/tidemark.jar [--models 10000] [--days 30] [--repeat 3] [--xmx 512m] [--only
 * LABEL,LABEL]}, the labels as printed (to time a few commands of a slow machine)
 *
 * <p>Paired, as a user runs them: {@code ... DIR --jar JAR --launcher ./tidemark --baseline
 * BASE/tidemark --baseline-project DIR2}: each command through the launcher script {@code
 * ./tidemark} (its own JVM settings) on {@code DIR} and through the {@code BASE/tidemark} of
 * another build on a copy {@code DIR2} of the project (made when missing: each build keeps its own
 * project cache), alternated baseline, now, baseline, now; printed with the median wall and CPU
 * seconds (user + system, the steadier figure on a shared machine) of each side and their ratio.
 */
public final class InteractiveCommandsBenchmark {
  private static final int DAYS_PER_BUILD = 3;
  private static final Pattern GC_PAUSE = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

  private InteractiveCommandsBenchmark() {}

  /** One command line to time, by the label it is reported under. */
  record Command(String label, List<String> arguments) {}

  /** One process: its wall time, exit code, peak resident memory and peak heap in use. */
  record Measurement(double seconds, int exitCode, long residentKilobytes, long heapMegabytes) {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      throw new IllegalArgumentException(
          "usage: InteractiveCommandsBenchmark DIR --jar JAR [--models N] [--days N]"
              + " [--repeat N] [--xmx SIZE] [--only LABEL,LABEL]");
    }
    Path root = Path.of(args[0]).toAbsolutePath();
    Path jar = null;
    int models = 10_000;
    int days = 30;
    int repeat = 3;
    String xmx = "512m";
    List<String> only = List.of();
    Path launcher = null;
    Path baseline = null;
    Path baselineProject = null;
    for (int i = 1; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--jar" -> jar = Path.of(args[i + 1]).toAbsolutePath();
        case "--models" -> models = Integer.parseInt(args[i + 1]);
        case "--days" -> days = Integer.parseInt(args[i + 1]);
        case "--repeat" -> repeat = Integer.parseInt(args[i + 1]);
        case "--xmx" -> xmx = args[i + 1];
        case "--only" -> only = List.of(args[i + 1].split(","));
        case "--launcher" -> launcher = Path.of(args[i + 1]).toAbsolutePath();
        case "--baseline" -> baseline = Path.of(args[i + 1]).toAbsolutePath();
        case "--baseline-project" -> baselineProject = Path.of(args[i + 1]).toAbsolutePath();
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (jar == null || !Files.isRegularFile(jar)) {
      throw new IllegalArgumentException("--jar must name the built tidemark.jar");
    }
    LocalDate first = LargeProject.START;
    LocalDate last = first.plusDays(days - 1);
    if (!Files.exists(root.resolve("tidemark.yml"))) {
      build(root, jar, models, days, first, last);
    }
    Path logs = Files.createTempDirectory("interactive-gc");
    if (launcher != null) {
      if (baseline == null || baselineProject == null) {
        throw new IllegalArgumentException("--launcher needs --baseline and --baseline-project");
      }
      if (!Files.exists(baselineProject.resolve("tidemark.yml"))) {
        copy(root, baselineProject);
      }
      paired(
          new Side(baseline, baselineProject),
          new Side(launcher, root),
          commands(first, last),
          only,
          repeat,
          logs);
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "%s: %,d models, %d days built (%s..%s); each command %d times under -Xmx%s;"
            + " cores %d, java %s%n",
        root,
        models,
        days,
        first,
        last,
        repeat,
        xmx,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    System.out.println(
        "| command | seconds (median) | runs | peak RSS | peak heap in use | exit |");
    System.out.println("|---|---|---|---|---|---|");
    for (Command command : commands(first, last)) {
      if (!only.isEmpty() && !only.contains(command.label())) {
        continue;
      }
      List<Measurement> runs = new ArrayList<>();
      for (int i = 0; i < repeat; i++) {
        runs.add(measure(root, jar, xmx, logs, command));
      }
      print(command, runs);
    }
  }

  /** The commands of issue 18's table, over the project's last day and its last week. */
  static List<Command> commands(LocalDate first, LocalDate last) {
    String week = last.minusDays(6).toString();
    String source = "raw.events";
    return List.of(
        new Command("--help", List.of("--help")),
        new Command("sql \"select 1\"", List.of("sql", "select 1")),
        new Command("validate", List.of("validate")),
        new Command(
            "impact SOURCE (7 days)",
            List.of("impact", source, "--start", week, "--end", last.toString())),
        new Command("sources scan", List.of("sources", "scan")),
        new Command("runs", List.of("runs")),
        new Command("status", List.of("status")),
        new Command(
            "repair SOURCE (7 days) --dry-run",
            List.of(
                "repair", source, "--start", week, "--end", last.toString(), "--dry-run", "-y")),
        new Command("status --stale", List.of("status", "--stale")),
        new Command(
            "plan (nothing to do)",
            List.of("plan", "--start", first.toString(), "--end", last.toString())),
        new Command(
            "plan (one new day)",
            List.of("plan", "--start", first.toString(), "--end", last.plusDays(1).toString())),
        new Command(
            "check (one day)",
            List.of("check", "--start", last.toString(), "--end", last.toString())),
        new Command(
            "check (all days)",
            List.of("check", "--start", first.toString(), "--end", last.toString())));
  }

  /**
   * Generates the project and builds it with the CLI a few days per run, as daily schedules would:
   * one run over every day at once keeps every ready task of the whole range in the executor's
   * queue, and its dispatch slows with that queue's length.
   */
  private static void build(
      Path root, Path jar, int models, int days, LocalDate first, LocalDate last) throws Exception {
    long started = System.nanoTime();
    LargeProject.write(root, models, 10, 1);
    LargeProject.loadSource(root, first, days);
    for (LocalDate from = first; !from.isAfter(last); from = from.plusDays(DAYS_PER_BUILD)) {
      LocalDate to =
          from.plusDays(DAYS_PER_BUILD - 1).isAfter(last)
              ? last
              : from.plusDays(DAYS_PER_BUILD - 1);
      List<String> command =
          List.of(
              "java",
              "-jar",
              jar.toString(),
              "run",
              "-p",
              root.toString(),
              "--start",
              from.toString(),
              "--end",
              to.toString(),
              "--compact",
              "-y");
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve("build.log").toFile()))
              .start();
      if (process.waitFor() != 0) {
        throw new IllegalStateException("the build failed; see " + root.resolve("build.log"));
      }
    }
    System.out.printf(
        Locale.ROOT, "built %s in %.0f s%n", root, (System.nanoTime() - started) / 1e9);
  }

  private static Measurement measure(Path root, Path jar, String xmx, Path logs, Command command)
      throws IOException, InterruptedException {
    Path gcLog = Files.createTempFile(logs, "gc", ".log");
    Path timeLog = Files.createTempFile(logs, "time", ".txt");
    List<String> line = new ArrayList<>();
    line.addAll(
        List.of(
            "/usr/bin/time",
            "-f",
            "%M",
            "-o",
            timeLog.toString(),
            "java",
            "-Xmx" + xmx,
            "-Xlog:gc:file=" + gcLog,
            "-jar",
            jar.toString()));
    line.addAll(command.arguments());
    if (!command.arguments().contains("--help")) {
      line.addAll(List.of("-p", root.toString()));
    }
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(line)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    if (!process.waitFor(30, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(command.label() + " did not finish in 30 minutes");
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    List<String> time = Files.readAllLines(timeLog);
    long resident = Long.parseLong(time.get(time.size() - 1).trim());
    long heap = 0;
    for (String gc : Files.readAllLines(gcLog)) {
      Matcher matcher = GC_PAUSE.matcher(gc);
      if (matcher.find()) {
        heap = Math.max(heap, Long.parseLong(matcher.group(1)));
      }
    }
    return new Measurement(seconds, process.exitValue(), resident, heap);
  }

  /** A launcher script and the project it runs on. */
  record Side(Path launcher, Path project) {}

  /**
   * One process through a launcher: wall and CPU seconds, exit code and peak RSS (the launcher's
   * own JVM options turn logging off, the collector's too, so the heap in use is not read here).
   */
  record Timed(double wall, double cpu, int exitCode, long residentKilobytes) {}

  private static void paired(
      Side base, Side now, List<Command> commands, List<String> only, int repeat, Path logs)
      throws IOException, InterruptedException {
    System.out.printf(
        Locale.ROOT,
        "baseline %s on %s, now %s on %s; %d pairs, alternated; load average at start %s%n",
        base.launcher(),
        base.project(),
        now.launcher(),
        now.project(),
        repeat,
        loadAverage());
    System.out.println(
        "| command | base: wall s | base: CPU s | now: wall s | now: CPU s | CPU now / base"
            + " | peak RSS base → now | exit |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    for (Command command : commands) {
      if (!only.isEmpty() && !only.contains(command.label())) {
        continue;
      }
      // One run of each first, not counted: it writes the project cache and the class archive.
      timed(base, logs, command);
      timed(now, logs, command);
      List<Timed> baseRuns = new ArrayList<>();
      List<Timed> nowRuns = new ArrayList<>();
      for (int i = 0; i < repeat; i++) {
        baseRuns.add(timed(base, logs, command));
        nowRuns.add(timed(now, logs, command));
      }
      double baseCpu = median(baseRuns.stream().map(Timed::cpu).toList());
      double nowCpu = median(nowRuns.stream().map(Timed::cpu).toList());
      List<String> exits =
          java.util.stream.Stream.concat(baseRuns.stream(), nowRuns.stream())
              .map(r -> Integer.toString(r.exitCode()))
              .distinct()
              .sorted()
              .toList();
      System.out.printf(
          Locale.ROOT,
          "| `%s` | %.2f | %.2f | %.2f | %.2f | %.2f | %,d → %,d MB | %s |%n",
          command.label(),
          median(baseRuns.stream().map(Timed::wall).toList()),
          baseCpu,
          median(nowRuns.stream().map(Timed::wall).toList()),
          nowCpu,
          nowCpu / baseCpu,
          baseRuns.stream().mapToLong(Timed::residentKilobytes).max().orElse(0) / 1024,
          nowRuns.stream().mapToLong(Timed::residentKilobytes).max().orElse(0) / 1024,
          String.join(",", exits));
    }
    System.out.printf(Locale.ROOT, "load average at end %s%n", loadAverage());
  }

  private static Timed timed(Side side, Path logs, Command command)
      throws IOException, InterruptedException {
    Path timeLog = Files.createTempFile(logs, "time", ".txt");
    List<String> line = new ArrayList<>();
    line.addAll(
        List.of(
            "/usr/bin/time",
            "-f",
            "%e %U %S %M",
            "-o",
            timeLog.toString(),
            side.launcher().toString()));
    line.addAll(command.arguments());
    if (!command.arguments().contains("--help")) {
      line.addAll(List.of("-p", side.project().toString()));
    }
    ProcessBuilder builder =
        new ProcessBuilder(line).redirectErrorStream(true).redirectOutput(Redirect.DISCARD);
    Process process = builder.start();
    if (!process.waitFor(30, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(command.label() + " did not finish in 30 minutes");
    }
    List<String> time = Files.readAllLines(timeLog);
    String[] fields = time.get(time.size() - 1).trim().split(" ");
    return new Timed(
        Double.parseDouble(fields[0]),
        Double.parseDouble(fields[1]) + Double.parseDouble(fields[2]),
        process.exitValue(),
        Long.parseLong(fields[3]));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  private static String loadAverage() throws IOException {
    String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
    return fields[0] + " " + fields[1] + " " + fields[2];
  }

  /** Copies the project (its files, warehouse and state) without its caches. */
  private static void copy(Path from, Path to) throws IOException {
    List<Path> files;
    try (java.util.stream.Stream<Path> walk = Files.walk(from)) {
      files = walk.toList();
    }
    for (Path file : files) {
      Path relative = from.relativize(file);
      if (relative.startsWith(Path.of(".tidemark", "project-cache"))) {
        continue;
      }
      Path target = to.resolve(relative.toString());
      if (Files.isDirectory(file)) {
        Files.createDirectories(target);
      } else {
        Files.copy(file, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  private static void print(Command command, List<Measurement> runs) {
    List<Double> seconds = new ArrayList<>(runs.stream().map(Measurement::seconds).toList());
    Collections.sort(seconds);
    long resident = runs.stream().mapToLong(Measurement::residentKilobytes).max().orElse(0);
    long heap = runs.stream().mapToLong(Measurement::heapMegabytes).max().orElse(0);
    List<String> exits =
        runs.stream().map(r -> Integer.toString(r.exitCode())).distinct().sorted().toList();
    System.out.printf(
        Locale.ROOT,
        "| `%s` | %.2f | %s | %,d MB | %s | %s |%n",
        command.label(),
        seconds.get(seconds.size() / 2),
        String.join(" ", seconds.stream().map(s -> String.format(Locale.ROOT, "%.2f", s)).toList()),
        resident / 1024,
        heap == 0 ? "no GC" : String.format(Locale.ROOT, "%,d MB", heap),
        String.join(",", exits));
  }
}
