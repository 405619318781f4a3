package io.tidemark.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates a large project as a team's real one is shaped: {@code models} daily incremental models
 * in {@code layers} layers (one pipeline and one folder per layer), the first layer reading the day
 * of the source {@code raw.events}, every other model reading one to three models of the layers
 * above it (seeded, so the same arguments give the same project), and the source's rows for {@code
 * days} days from {@link #START} in {@code warehouse.duckdb}. Each partition holds a few rows, so a
 * build measures Tidemark rather than the engine.
 *
 * <p>Usage: {@code java -cp CP io.tidemark.bench.LargeProject DIR [--models 10000] [--layers 10]
 * [--days 30] [--seed 1] [--spans] [--built N]}; then {@code tidemark run -p DIR --start 2024-01-01
 * --end ...} builds it. The models of the layers below the first read their inputs' day with {@code
 * =}, so they are built a partition at a time; {@code --spans} writes them as a range ({@code >=}
 * the start, {@code <} the end) instead, which lets a run build many days of each in one batch: the
 * same tables and states in far fewer statements, for a project with many days built. {@code
 * --built N} then writes the first N days of every table straight into the warehouse ({@link
 * #buildTables}).
 */
public final class LargeProject {
  /** The first day of the source's data and of the project's partitions. */
  public static final LocalDate START = LocalDate.of(2024, 1, 1);

  private static final int SOURCE_KEYS = 5;

  private LargeProject() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      throw new IllegalArgumentException(
          "usage: LargeProject DIR [--models N] [--layers N] [--days N] [--seed N] [--spans]"
              + " [--built N]");
    }
    Path root = Path.of(args[0]);
    int models = 10_000;
    int layers = 10;
    int days = 30;
    long seed = 1;
    boolean spans = false;
    int built = 0;
    int i = 1;
    while (i < args.length) {
      String option = args[i++];
      if (option.equals("--spans")) {
        spans = true;
        continue;
      }
      if (i == args.length) {
        throw new IllegalArgumentException("option " + option + " needs a value");
      }
      String value = args[i++];
      switch (option) {
        case "--models" -> models = Integer.parseInt(value);
        case "--layers" -> layers = Integer.parseInt(value);
        case "--days" -> days = Integer.parseInt(value);
        case "--seed" -> seed = Long.parseLong(value);
        case "--built" -> built = Integer.parseInt(value);
        default -> throw new IllegalArgumentException("unknown option " + option);
      }
    }
    long started = System.nanoTime();
    write(root, models, layers, seed, spans);
    loadSource(root, START, days);
    System.out.printf(
        Locale.ROOT,
        "generated %,d models in %d layers and %d days of raw.events in %s (%.1f s)%n",
        models,
        layers,
        days,
        root,
        (System.nanoTime() - started) / 1e9);
    if (built > 0) {
      if (!spans) {
        throw new IllegalArgumentException("--built needs --spans");
      }
      started = System.nanoTime();
      buildTables(root, models, layers, START, built);
      System.out.printf(
          Locale.ROOT,
          "wrote the %,d tables with %d days each (%.1f s)%n",
          models,
          built,
          (System.nanoTime() - started) / 1e9);
    }
  }

  /**
   * Writes every model's table with {@code days} days from {@code start} straight into the
   * warehouse, as a batched build of those days writes it: each model's SQL rendered over the span
   * (a project written with spans, so its inputs are read over the range), in dependency order, one
   * {@code CREATE TABLE … AS} each, carrying the comment Tidemark gives a table its first run
   * creates. The state store is left alone: a later run plans from the states in its own range,
   * which a build of earlier days does not touch, so this stands in for building those days when
   * only the warehouse's shape matters (its tables and their rows), at a fraction of the time.
   */
  public static void buildTables(Path root, int models, int layers, LocalDate start, int days)
      throws Exception {
    Pattern ref = Pattern.compile("\\{\\{ ref\\('(m\\d+)'\\) \\}\\}");
    try (Connection connection =
            DriverManager.getConnection("jdbc:duckdb:" + root.resolve("warehouse.duckdb"));
        Statement statement = connection.createStatement()) {
      for (int layer = 0; layer < layers; layer++) {
        statement.execute(
            String.format(Locale.ROOT, "create schema if not exists layer_%02d", layer));
      }
      for (int i = 0; i < models; i++) {
        int layer = layerOf(i, models, layers);
        String name = modelName(i);
        String sql =
            Files.readString(
                    root.resolve("models")
                        .resolve(String.format(Locale.ROOT, "layer_%02d", layer))
                        .resolve(name + ".sql"))
                .replace("{{ source('raw', 'events') }}", "raw.events")
                .replace("{{ partition_start }}", start.toString())
                .replace("{{ partition_end }}", start.plusDays(days).toString());
        Matcher matcher = ref.matcher(sql);
        StringBuilder rendered = new StringBuilder();
        while (matcher.find()) {
          int input = Integer.parseInt(matcher.group(1).substring(1));
          matcher.appendReplacement(
              rendered,
              String.format(
                  Locale.ROOT, "layer_%02d.%s", layerOf(input, models, layers), matcher.group(1)));
        }
        matcher.appendTail(rendered);
        String table = String.format(Locale.ROOT, "layer_%02d.%s", layer, name);
        statement.execute("create table " + table + " as " + rendered);
        statement.execute("comment on table " + table + " is 'tidemark generation 1'");
      }
      statement.execute("checkpoint");
    }
  }

  /** The name of model {@code index} of the project. */
  public static String modelName(int index) {
    return String.format(Locale.ROOT, "m%05d", index);
  }

  /** The layer of model {@code index}: models are spread evenly, in index order. */
  public static int layerOf(int index, int models, int layers) {
    return (int) ((long) index * layers / models);
  }

  /** Writes tidemark.yml, the source and the models; replaces nothing that is not its own. */
  public static void write(Path root, int models, int layers, long seed) throws IOException {
    write(root, models, layers, seed, false);
  }

  /**
   * As {@link #write(Path, int, int, long)}; with {@code spans} every model reads its inputs over
   * its partition's range rather than on its day, so a run builds adjacent days in batches.
   */
  public static void write(Path root, int models, int layers, long seed, boolean spans)
      throws IOException {
    if (models < layers || layers < 1) {
      throw new IllegalArgumentException("need at least one model per layer");
    }
    Files.createDirectories(root);
    StringBuilder config = new StringBuilder();
    config
        .append("name: large\n")
        .append("start: ")
        .append(START)
        .append('\n')
        .append("warehouse:\n  type: duckdb\n  path: warehouse.duckdb\n")
        .append("state:\n  url: jdbc:sqlite:.tidemark/state.db\n")
        .append("run:\n  threads: 2\n  retries: 0\n  retry_backoff: 0s\n")
        .append("pipelines:\n");
    for (int layer = 0; layer < layers; layer++) {
      config
          .append("  layer_")
          .append(layer)
          .append(":\n    schedule: \"")
          .append(layer)
          .append(" 3 * * *\"\n");
    }
    Files.writeString(root.resolve("tidemark.yml"), config.toString());
    Path modelsDir = Files.createDirectories(root.resolve("models"));
    Files.writeString(
        modelsDir.resolve("sources.yml"),
        String.join(
            "\n",
            "sources:",
            "  - schema: raw",
            "    tables:",
            "      - name: events",
            "        partitioning: {grain: day, column: event_time}",
            ""));
    Random random = new Random(seed);
    int[] layerStart = new int[layers + 1];
    for (int i = 0; i < models; i++) {
      int layer = layerOf(i, models, layers);
      if (i == 0 || layerOf(i - 1, models, layers) != layer) {
        layerStart[layer] = i;
      }
    }
    layerStart[layers] = models;
    for (int layer = 0; layer < layers; layer++) {
      Path dir = Files.createDirectories(modelsDir.resolve(String.format("layer_%02d", layer)));
      StringBuilder properties = new StringBuilder("models:\n");
      for (int i = layerStart[layer]; i < layerStart[layer + 1]; i++) {
        String name = modelName(i);
        String sql;
        if (layer == 0) {
          sql =
              "select cast(event_time as date) as event_date, key, count(*) + "
                  + (i % 7)
                  + " as n\nfrom {{ source('raw', 'events') }}\n"
                  + "where event_time >= timestamp '{{ partition_start }}'\n"
                  + "  and event_time < timestamp '{{ partition_end }}'\n"
                  + "group by all\n";
        } else {
          Set<Integer> inputs = new LinkedHashSet<>();
          int wanted = 1 + random.nextInt(3);
          while (inputs.size() < wanted) {
            inputs.add(random.nextInt(layerStart[layer]));
          }
          List<String> refs = new ArrayList<>();
          for (int input : inputs) {
            refs.add(
                "select event_date, key, n from {{ ref('"
                    + modelName(input)
                    + "') }} where "
                    + (spans
                        ? "event_date >= date '{{ partition_start }}'"
                            + " and event_date < date '{{ partition_end }}'"
                        : "event_date = date '{{ partition_start }}'"));
          }
          sql =
              "select event_date, key, sum(n) + "
                  + (i % 7)
                  + " as n\nfrom (\n    "
                  + String.join("\n    union all\n    ", refs)
                  + "\n)\ngroup by all\n";
        }
        Files.writeString(dir.resolve(name + ".sql"), sql);
        properties
            .append("  - name: ")
            .append(name)
            .append("\n    pipeline: layer_")
            .append(layer)
            .append("\n    partitioning: {grain: day, column: event_date}\n");
      }
      Files.writeString(dir.resolve("properties.yml"), properties.toString());
    }
  }

  /** Creates {@code raw.events} with a few rows in each of {@code days} days from {@code start}. */
  public static void loadSource(Path root, LocalDate start, int days) throws Exception {
    try (Connection connection =
            DriverManager.getConnection("jdbc:duckdb:" + root.resolve("warehouse.duckdb"));
        Statement statement = connection.createStatement()) {
      statement.execute("create schema if not exists raw");
      statement.execute(
          "create table if not exists raw.events (event_time timestamp, key integer, id bigint)");
      statement.execute(
          String.format(
              Locale.ROOT,
              "insert into raw.events select timestamp '%s' + to_hours(h) + to_days(d), k, d * 1000"
                  + " + k * 24 + h from range(%d) t(d), range(%d) s(k), range(0, 24, 6) u(h)",
              start,
              days,
              SOURCE_KEYS));
    }
  }
}
