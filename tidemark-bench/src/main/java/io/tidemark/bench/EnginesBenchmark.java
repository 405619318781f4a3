package io.tidemark.bench;

import io.tidemark.cli.Workspace;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.Project;
import io.tidemark.core.quality.CheckSql;
import io.tidemark.core.run.Cancellation;
import io.tidemark.core.run.RunListener;
import io.tidemark.core.run.RunOptions;
import io.tidemark.core.run.RunService;
import io.tidemark.core.run.RunSummary;
import io.tidemark.core.state.RunStatus;
import io.tidemark.core.template.RenderedSql;
import io.tidemark.core.warehouse.SqlDialect;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.examples.ExampleProjects;
import io.tidemark.examples.OutageReports;
import io.tidemark.examples.SubscriptionsGenerator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Engines side by side, each figure against a baseline measured in the same run:
 *
 * <ul>
 *   <li>{@code overhead N}: N unpartitioned table models (chains of 10) on PostgreSQL, Tidemark's
 *       forced run (threads 1) against a bare JDBC loop of {@code drop table; create table as} with
 *       the same SQL on the same server; per-task overhead = (tidemark − loop) / N.
 *   <li>{@code example DAYS SCALE}: the subscriptions example on DuckDB and on PostgreSQL: a full
 *       build of DAYS days and then one more day, Tidemark (threads 1) against the same rendered
 *       SQL run directly (per model in dependency order: {@code create table as} for the first
 *       partition, then {@code delete} + {@code insert} per partition) on a copy of the same raw
 *       data.
 *   <li>{@code partition DAYS ROWS}: replacing one day of a PostgreSQL table of DAYS days × ROWS
 *       rows atomically: delete + insert in one transaction (a plain table) against a new table
 *       attached in place of the old partition (a declaratively partitioned table), each 7 times.
 *   <li>{@code spark N}: N unpartitioned table models (chains of 10) on DuckDB and then on Spark
 *       (local[2], in this process), Tidemark's forced run (threads 1) against the same SQL run
 *       directly by the engine ({@code drop table if exists; create table as} through the engine's
 *       own session: on Spark {@code spark.sql} in the process's one SparkSession, on DuckDB a JDBC
 *       statement), alternated three times after a cold run of each.
 * </ul>
 *
 * PostgreSQL is the server on 127.0.0.1:5432 (user postgres); each part makes its own databases and
 * drops them.
 */
public final class EnginesBenchmark {
  private static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/";
  private static final int CHAIN = 10;

  private EnginesBenchmark() {}

  public static void main(String[] args) throws Exception {
    System.out.printf(
        Locale.ROOT,
        "java %s, maxHeap=%d MB, cpus=%d%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20,
        Runtime.getRuntime().availableProcessors());
    switch (args.length == 0 ? "" : args[0]) {
      case "overhead" -> overhead(Integer.parseInt(args[1]));
      case "example" -> {
        example("duckdb", Integer.parseInt(args[1]), Double.parseDouble(args[2]));
        example("postgres", Integer.parseInt(args[1]), Double.parseDouble(args[2]));
      }
      case "partition" -> partition(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
      case "spark" -> sparkOverhead(Integer.parseInt(args[1]));
      default ->
          throw new IllegalArgumentException(
              "usage: overhead N | example DAYS SCALE | partition DAYS ROWS | spark N; got "
                  + Arrays.toString(args));
    }
  }

  // ---- per-task overhead on PostgreSQL ------------------------------------------------------

  private static void overhead(int n) throws Exception {
    Path root = Files.createTempDirectory("tidemark-engines-overhead-");
    String tidemarkDb = createDatabase();
    String loopDb = createDatabase();
    try {
      Files.writeString(
          root.resolve("tidemark.yml"),
          "name: bench\nstart: 2024-01-01\nwarehouse:\n  type: postgres\n  url: "
              + SERVER
              + tidemarkDb
              + "?user=postgres\nstate:\n  url: jdbc:sqlite:.tidemark/state.db\n"
              + "run:\n  threads: 1\n  retries: 0\n  retry_backoff: 0s\n");
      Files.createDirectories(root.resolve("models"));
      List<String> loop = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String name = String.format(Locale.ROOT, "m%05d", i);
        String sql =
            i % CHAIN == 0
                ? "select " + i + " as x"
                : String.format(Locale.ROOT, "select x + 1 as x from {{ ref('m%05d') }}", i - 1);
        String direct =
            i % CHAIN == 0
                ? "select " + i + " as x"
                : String.format(Locale.ROOT, "select x + 1 as x from public.m%05d", i - 1);
        Files.writeString(root.resolve("models").resolve(name + ".sql"), sql + "\n");
        loop.add("drop table if exists public." + name);
        loop.add("create table public." + name + " as " + direct);
      }
      try (Workspace ws =
          new Workspace(root, null, Clock.systemUTC(), new PrintWriter(System.err, true))) {
        RunService runs = ws.runService();
        TimeRange day = TimeRange.ofDays(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 1));
        RunOptions options = new RunOptions(1, 0, Duration.ZERO);
        double coldTidemark =
            time(
                () ->
                    succeeded(
                        runs.backfill(
                            "", day, false, options, RunListener.NONE, new Cancellation())));
        double coldLoop = time(() -> runLoop(loopDb, loop));
        double[] tidemark = new double[3];
        double[] bare = new double[3];
        for (int i = 0; i < 3; i++) {
          bare[i] = time(() -> runLoop(loopDb, loop));
          tidemark[i] =
              time(
                  () ->
                      succeeded(
                          runs.backfill(
                              "", day, true, options, RunListener.NONE, new Cancellation())));
        }
        Arrays.sort(tidemark);
        Arrays.sort(bare);
        System.out.printf(
            Locale.ROOT,
            "%n| tasks | cold tidemark s | cold loop s | tidemark s (median of 3, forced) | loop s"
                + " (median of 3) | tidemark / loop | overhead ms/task |%n|---|---|---|---|---|---|---|%n"
                + "| %,d | %.2f | %.2f | %.2f | %.2f | %.2fx | %.2f |%n",
            n,
            coldTidemark,
            coldLoop,
            tidemark[1],
            bare[1],
            tidemark[1] / bare[1],
            (tidemark[1] - bare[1]) * 1000 / n);
      }
    } finally {
      dropDatabase(tidemarkDb);
      dropDatabase(loopDb);
    }
  }

  // ---- Spark against DuckDB and against the same SQL run directly on Spark --------------------

  private static void sparkOverhead(int n) throws Exception {
    System.out.printf(
        Locale.ROOT,
        "%n| engine | tasks | cold tidemark s | cold direct s | tidemark s (median of 3, forced)"
            + " | direct s (median of 3) | tidemark / direct | overhead ms/task |"
            + "%n|---|---|---|---|---|---|---|---|%n");
    for (String engine : List.of("duckdb", "spark")) {
      Path root = Files.createTempDirectory("tidemark-engines-" + engine + "-");
      try {
        String warehouse =
            engine.equals("spark")
                ? "  type: spark\n  master: local[2]\n  warehouse_dir: spark-warehouse\n"
                : "  type: duckdb\n  path: warehouse.duckdb\n";
        Files.writeString(
            root.resolve("tidemark.yml"),
            "name: bench\nstart: 2024-01-01\nwarehouse:\n"
                + warehouse
                + "state:\n  url: jdbc:sqlite:.tidemark/state.db\n"
                + "run:\n  threads: 1\n  retries: 0\n  retry_backoff: 0s\n");
        Files.createDirectories(root.resolve("models"));
        List<String> loop = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          String name = String.format(Locale.ROOT, "m%05d", i);
          String sql =
              i % CHAIN == 0
                  ? "select " + i + " as x"
                  : String.format(Locale.ROOT, "select x + 1 as x from {{ ref('m%05d') }}", i - 1);
          String direct =
              i % CHAIN == 0
                  ? "select " + i + " as x"
                  : String.format(Locale.ROOT, "select x + 1 as x from direct.m%05d", i - 1);
          Files.writeString(root.resolve("models").resolve(name + ".sql"), sql + "\n");
          loop.add("drop table if exists direct." + name);
          loop.add("create table direct." + name + " as " + direct);
        }
        try (Workspace ws =
                new Workspace(root, null, Clock.systemUTC(), new PrintWriter(System.err, true));
            WarehouseSession session = ws.warehouse().openSession()) {
          RunService runs = ws.runService();
          TimeRange day = TimeRange.ofDays(LocalDate.of(2024, 1, 1), LocalDate.of(2024, 1, 1));
          RunOptions options = new RunOptions(1, 0, Duration.ZERO);
          session.execute(session.dialect().createSchemaIfNotExists("direct"));
          Work directly =
              () -> {
                for (String statement : loop) {
                  session.execute(statement);
                }
              };
          // Spark starts with the first statement: the cold runs include it once, the cold
          // direct run coming first.
          double coldLoop = time(directly);
          double coldTidemark =
              time(
                  () ->
                      succeeded(
                          runs.backfill(
                              "", day, false, options, RunListener.NONE, new Cancellation())));
          double[] tidemark = new double[3];
          double[] bare = new double[3];
          for (int i = 0; i < 3; i++) {
            bare[i] = time(directly);
            tidemark[i] =
                time(
                    () ->
                        succeeded(
                            runs.backfill(
                                "", day, true, options, RunListener.NONE, new Cancellation())));
            System.err.printf(
                Locale.ROOT,
                "%s round %d: tidemark %.2f s, direct %.2f s%n",
                engine,
                i + 1,
                tidemark[i],
                bare[i]);
          }
          Arrays.sort(tidemark);
          Arrays.sort(bare);
          System.out.printf(
              Locale.ROOT,
              "| %s | %,d | %.2f | %.2f | %.2f | %.2f | %.2fx | %.1f |%n",
              engine,
              n,
              coldTidemark,
              coldLoop,
              tidemark[1],
              bare[1],
              tidemark[1] / bare[1],
              (tidemark[1] - bare[1]) * 1000 / n);
        }
      } finally {
        deleteTree(root);
      }
    }
  }

  private static void deleteTree(Path root) throws java.io.IOException {
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }

  private static void runLoop(String database, List<String> statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection(SERVER + database, "postgres", "");
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  private static void succeeded(RunService.Backfill backfill) {
    RunSummary summary = backfill.summary().orElseThrow();
    if (summary.status() != RunStatus.SUCCEEDED) {
      throw new IllegalStateException("run failed: " + summary.failures());
    }
  }

  // ---- the example on each engine -----------------------------------------------------------

  private static void example(String engine, int days, double scale) throws Exception {
    LocalDate first = LocalDate.of(2024, 1, 1);
    LocalDate last = first.plusDays(days - 1);
    LocalDate next = last.plusDays(1);
    Path root = Files.createTempDirectory("tidemark-engines-" + engine + "-");
    Path project = root.resolve("project");
    ExampleProjects.copy("subscriptions", project);
    String tidemarkDb = engine.equals("postgres") ? createDatabase() : null;
    String directDb = engine.equals("postgres") ? createDatabase() : null;
    try {
      Path config = project.resolve("tidemark.yml");
      String warehouse =
          engine.equals("postgres")
              ? "warehouse:\n  type: postgres\n  url: " + SERVER + tidemarkDb + "?user=postgres\n"
              : "warehouse:\n  type: duckdb\n  path: warehouse.duckdb\n";
      String text =
          Files.readString(config)
              .replaceFirst("(?m)^start:\\s*\\S+", "start: " + first)
              .replaceFirst("(?m)^warehouse:\\n  type: duckdb\\n  path: .*\\n", warehouse)
              .replaceFirst("(?m)^  threads: \\d+", "  threads: 1");
      Files.writeString(config, text);
      withoutWikiLoad(project);
      String directUrl =
          engine.equals("postgres")
              ? SERVER + directDb + "?user=postgres"
              : "jdbc:duckdb:" + root.resolve("direct.duckdb");
      SubscriptionsGenerator generator = new SubscriptionsGenerator(20240101L, scale, first);
      long generated;
      try (Workspace ws =
              new Workspace(project, null, Clock.systemUTC(), new PrintWriter(System.err, true));
          var session = ws.warehouse().openSession()) {
        Connection connection = session.jdbcConnection().orElseThrow();
        generated = generator.generate(connection, first, last).eventRows();
        OutageReports.writeTable(
            connection,
            new OutageReports(20240101L).between(first, last),
            "https://wiki.example.com/wiki");
      }
      try (Connection direct = DriverManager.getConnection(directUrl)) {
        generator.generate(direct, first, last);
        OutageReports.writeTable(
            direct, new OutageReports(20240101L).between(first, last), "https://wiki.example.com");
      }
      System.out.printf(
          Locale.ROOT,
          "%n== %s: %d days at scale %s, %,d raw rows%n",
          engine,
          days,
          scale,
          generated);

      double tidemarkFull;
      double tidemarkDay;
      int fullTasks;
      int dayTasks;
      try (Workspace ws =
          new Workspace(project, null, Clock.systemUTC(), new PrintWriter(System.err, true))) {
        RunService runs = ws.runService();
        RunOptions options = new RunOptions(1, 0, Duration.ZERO);
        int[] tasks = new int[1];
        tidemarkFull =
            time(
                () -> {
                  RunService.Backfill backfill =
                      runs.backfill(
                          "",
                          TimeRange.ofDays(first, last),
                          false,
                          options,
                          RunListener.NONE,
                          new Cancellation());
                  succeeded(backfill);
                  tasks[0] = backfill.summary().orElseThrow().tasks();
                });
        fullTasks = tasks[0];
        try (var session = ws.warehouse().openSession()) {
          generator.generate(session.jdbcConnection().orElseThrow(), next, next);
        }
        tidemarkDay =
            time(
                () -> {
                  RunService.Backfill backfill =
                      runs.backfill(
                          "",
                          TimeRange.ofDays(next, next),
                          false,
                          options,
                          RunListener.NONE,
                          new Cancellation());
                  succeeded(backfill);
                  tasks[0] = backfill.summary().orElseThrow().tasks();
                });
        dayTasks = tasks[0];
      }

      Project loaded;
      try (Workspace ws =
          new Workspace(project, null, Clock.systemUTC(), new PrintWriter(System.err, true))) {
        loaded = ws.project();
      }
      int[] directTasks = new int[2];
      double directFull;
      double directDay;
      try (Connection direct = DriverManager.getConnection(directUrl)) {
        direct.setAutoCommit(true);
        directFull = time(() -> directTasks[0] = runDirect(direct, loaded, first, last));
        generator.generate(direct, next, next);
        directDay = time(() -> directTasks[1] = runDirect(direct, loaded, next, next));
      }
      System.out.printf(
          Locale.ROOT,
          "| engine | days | full: tidemark s (tasks) | full: direct s (statements' tasks) | ratio"
              + " | one day: tidemark s (tasks) | one day: direct s (tasks) | ratio |%n"
              + "|---|---|---|---|---|---|---|---|%n"
              + "| %s | %d | %.2f (%d) | %.2f (%d) | %.2fx | %.2f (%d) | %.2f (%d) | %.2fx |%n",
          engine,
          days,
          tidemarkFull,
          fullTasks,
          directFull,
          directTasks[0],
          tidemarkFull / directFull,
          tidemarkDay,
          dayTasks,
          directDay,
          directTasks[1],
          tidemarkDay / directDay);
    } finally {
      if (tidemarkDb != null) {
        dropDatabase(tidemarkDb);
        dropDatabase(directDb);
      }
    }
  }

  /**
   * The models' rendered SQL run directly, model by model in dependency order, partition by
   * partition: what a hand-written script would do. Returns the number of (model, partition)
   * writes.
   */
  private static int runDirect(
      Connection connection, Project project, LocalDate first, LocalDate last) throws SQLException {
    int tasks = 0;
    try (Statement statement = connection.createStatement()) {
      for (AssetName name : project.graph().topologicalOrder()) {
        Asset model = project.asset(name);
        if (!model.isModel()) {
          continue;
        }
        statement.execute("create schema if not exists " + name.schema());
        for (PartitionKey partition : partitions(model, first, last)) {
          boolean exists = exists(connection, name);
          RenderedSql rendered = project.renderer().render(model, partition, exists);
          String target = name.toString();
          if (model.materialization() == Materialization.TABLE || !exists) {
            statement.execute("drop table if exists " + target);
            statement.execute("create table " + target + " as " + rendered.sql());
          } else {
            statement.execute(
                "delete from "
                    + target
                    + " where "
                    + CheckSql.partitionFilter(SqlDialect.STANDARD, model, partition));
            statement.execute("insert into " + target + " " + rendered.sql());
          }
          tasks++;
        }
      }
    }
    return tasks;
  }

  private static boolean exists(Connection connection, AssetName name) throws SQLException {
    try (var query =
        connection.prepareStatement(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?")) {
      query.setString(1, name.schema());
      query.setString(2, name.table());
      try (ResultSet result = query.executeQuery()) {
        result.next();
        return result.getLong(1) > 0;
      }
    }
  }

  private static List<PartitionKey> partitions(Asset model, LocalDate first, LocalDate last) {
    Grain grain = model.grain();
    if (grain == Grain.ALL) {
      return List.of(PartitionKey.ALL);
    }
    List<PartitionKey> partitions = new ArrayList<>();
    LocalDateTime end = last.plusDays(1).atStartOfDay();
    for (PartitionKey partition = PartitionKey.containing(grain, first.atStartOfDay());
        partition.start().isBefore(end);
        partition = partition.next()) {
      partitions.add(partition);
    }
    return partitions;
  }

  /** As `tidemark demo` does: the wiki's table is generated, so its Confluence load goes. */
  private static void withoutWikiLoad(Path directory) throws Exception {
    Path sources = directory.resolve("models").resolve("sources.yml");
    String text = Files.readString(sources);
    int load = text.indexOf("\n        load:\n          from: confluence\n");
    if (load >= 0) {
      int end = text.indexOf("\n  - schema:", load);
      Files.writeString(sources, text.substring(0, load) + (end < 0 ? "\n" : text.substring(end)));
    }
  }

  // ---- atomic partition write on PostgreSQL -------------------------------------------------

  private static void partition(int days, int rowsPerDay) throws Exception {
    String database = createDatabase();
    LocalDate first = LocalDate.of(2024, 1, 1);
    LocalDate replaced = first.plusDays(days / 2);
    try (Connection connection = DriverManager.getConnection(SERVER + database, "postgres", "");
        Statement statement = connection.createStatement()) {
      String rows =
          "select date '%s' + (g %% %d) as day, g as id, md5(g::text) as payload, g * 0.5 as amount"
              + " from generate_series(1, %d) g";
      statement.execute(
          "create table plain as "
              + String.format(Locale.ROOT, rows, first, days, days * rowsPerDay));
      statement.execute(
          "create table parted (day date, id bigint, payload text, amount numeric)"
              + " partition by range (day)");
      for (int d = 0; d < days; d++) {
        LocalDate day = first.plusDays(d);
        statement.execute(
            String.format(
                Locale.ROOT,
                "create table parted_%d partition of parted for values from (date '%s') to (date '%s')",
                d,
                day,
                day.plusDays(1)));
      }
      statement.execute("insert into parted select * from plain");
      statement.execute("analyze");
      String newRows =
          String.format(
              Locale.ROOT,
              "select date '%s' as day, g as id, md5((g + 1)::text) as payload, g * 0.25 as amount"
                  + " from generate_series(1, %d) g",
              replaced,
              rowsPerDay);
      connection.setAutoCommit(false);
      double[] transaction = new double[7];
      double[] attach = new double[7];
      int index = days / 2;
      for (int i = 0; i < 7; i++) {
        transaction[i] =
            time(
                () -> {
                  statement.execute("delete from plain where day = date '" + replaced + "'");
                  statement.execute("insert into plain " + newRows);
                  connection.commit();
                });
        int round = i;
        attach[i] =
            time(
                () -> {
                  String fresh = "parted_" + index + "_r" + round;
                  String old =
                      round == 0 ? "parted_" + index : "parted_" + index + "_r" + (round - 1);
                  statement.execute("create table " + fresh + " (like parted including all)");
                  statement.execute("insert into " + fresh + " " + newRows);
                  // The constraint lets ATTACH skip scanning the new table for rows outside it.
                  statement.execute(
                      String.format(
                          Locale.ROOT,
                          "alter table %s add constraint %s_day check (day >= date '%s' and day < date '%s')",
                          fresh,
                          fresh,
                          replaced,
                          replaced.plusDays(1)));
                  statement.execute("alter table parted detach partition " + old);
                  statement.execute(
                      String.format(
                          Locale.ROOT,
                          "alter table parted attach partition %s for values from (date '%s') to (date '%s')",
                          fresh,
                          replaced,
                          replaced.plusDays(1)));
                  statement.execute("drop table " + old);
                  connection.commit();
                });
      }
      connection.setAutoCommit(true);
      Arrays.sort(transaction);
      Arrays.sort(attach);
      System.out.printf(
          Locale.ROOT,
          "%n| table | partition rows | delete + insert in a transaction ms (median of 7; min..max)"
              + " | attach in place of the old partition ms (median of 7; min..max) | ratio |%n"
              + "|---|---|---|---|---|%n"
              + "| %d days × %,d rows | %,d | %.1f (%.1f..%.1f) | %.1f (%.1f..%.1f) | %.2fx |%n",
          days,
          rowsPerDay,
          rowsPerDay,
          transaction[3] * 1000,
          transaction[0] * 1000,
          transaction[6] * 1000,
          attach[3] * 1000,
          attach[0] * 1000,
          attach[6] * 1000,
          transaction[3] / attach[3]);
    } finally {
      dropDatabase(database);
    }
  }

  // ---- helpers ------------------------------------------------------------------------------

  private interface Work {
    void run() throws Exception;
  }

  private static double time(Work work) throws Exception {
    long start = System.nanoTime();
    work.run();
    return (System.nanoTime() - start) / 1e9;
  }

  private static String createDatabase() throws SQLException {
    String name =
        "tidemark_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    admin("create database " + name);
    return name;
  }

  private static void dropDatabase(String name) throws SQLException {
    admin("drop database if exists " + name + " with (force)");
  }

  private static void admin(String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(SERVER + "test", "postgres", "");
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
