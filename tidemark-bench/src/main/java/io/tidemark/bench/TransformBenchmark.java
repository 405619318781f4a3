package io.tidemark.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Transform speed on a real data volume: a project of five models over {@code days} days of raw
 * events ({@code eventsPerDay} a day, about 100,000 users), built by Tidemark as a whole process
 * ({@code java -jar tidemark.jar run}) and by the same SQL sent straight to DuckDB over one
 * connection (the floor), in the same run.
 *
 * <ul>
 *   <li>{@code stg_events} (daily): casts {@code event_time} to {@code event_date};
 *   <li>{@code daily_totals} (daily): events and amount by action;
 *   <li>{@code daily_user_activity} (daily): events and amount by user;
 *   <li>{@code rolling_7d} (daily, {@code window(7)} on daily_user_activity): distinct users over
 *       seven days; it writes {@code date '{{ partition_start }}'} as its day, so its {@code
 *       batch_size: 31} batches it partition by partition (each day's own select, their union in
 *       one statement);
 *   <li>{@code monthly_rollup} (monthly, rollup of daily_totals).
 * </ul>
 *
 * <p>Figures: the full build of {@code days} days (Tidemark; floor set-based, one statement per
 * model over the range; floor per partition, one DELETE and INSERT per model and day) and one more
 * day (Tidemark; floor per partition). Each figure is the median of {@code repeats} runs, each on a
 * fresh copy of the raw data. Tidemark's peak resident memory comes from {@code /usr/bin/time}.
 *
 * <p>Usage: {@code java -cp CP io.tidemark.bench.TransformBenchmark TIDEMARK_JAR WORKDIR [days]
 * [eventsPerDay] [repeats]}
 */
public final class TransformBenchmark {
  private static final int USERS = 100_000;
  private static final List<String> MODELS =
      List.of("stg_events", "daily_totals", "daily_user_activity", "rolling_7d", "monthly_rollup");

  private final Path jar;
  private final Path work;
  private final int days;
  private final long eventsPerDay;
  private final LocalDate first;

  private TransformBenchmark(Path jar, Path work, int days, long eventsPerDay, LocalDate first) {
    this.jar = jar;
    this.work = work;
    this.days = days;
    this.eventsPerDay = eventsPerDay;
    this.first = first;
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println(
          "usage: TransformBenchmark TIDEMARK_JAR WORKDIR [days=30] [eventsPerDay=1000000]"
              + " [repeats=3]");
      System.exit(2);
    }
    Path jar = Path.of(args[0]).toAbsolutePath();
    Path work = Path.of(args[1]).toAbsolutePath();
    int days = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    long eventsPerDay = args.length > 3 ? Long.parseLong(args[3]) : 1_000_000;
    int repeats = args.length > 4 ? Integer.parseInt(args[4]) : 3;
    LocalDate first = firstDay(LocalDate.now(Clock.systemUTC()).minusDays(1), days);
    new TransformBenchmark(jar, work, days, eventsPerDay, first).measure(repeats);
  }

  /**
   * The first day of the latest month from which {@code days} days and one more all end by {@code
   * lastComplete}: a month start, so the monthly rollup has a whole month when {@code days} covers
   * one.
   */
  static LocalDate firstDay(LocalDate lastComplete, int days) {
    LocalDate latest = lastComplete.minusDays(days);
    return latest.withDayOfMonth(1);
  }

  /**
   * Generates the raw events in {@code work}/generated.duckdb and the project in {@code
   * work}/project, and notes the first day in {@code work}/first-day; returns the first day. For
   * {@link WholeProcessFloors}.
   */
  static LocalDate prepare(Path work, int days, long eventsPerDay) throws Exception {
    LocalDate first = firstDay(LocalDate.now(Clock.systemUTC()).minusDays(1), days);
    TransformBenchmark benchmark = new TransformBenchmark(null, work, days, eventsPerDay, first);
    benchmark.prepare();
    write(work.resolve("first-day"), first.toString());
    return first;
  }

  /** The first day {@link #prepare(Path, int, long)} generated in {@code work}. */
  static LocalDate firstDayOf(Path work) throws IOException {
    return LocalDate.parse(Files.readString(work.resolve("first-day")).trim());
  }

  private Path prepare() throws Exception {
    Files.createDirectories(work);
    Path raw = work.resolve("generated.duckdb");
    long started = System.nanoTime();
    generate(raw);
    System.out.printf(
        Locale.ROOT,
        "raw.events: %,d days x %,d events from %s, generated in %.1f s%n",
        days + 1,
        eventsPerDay,
        first,
        seconds(System.nanoTime() - started));
    writeProject(work.resolve("project"));
    return raw;
  }

  private void measure(int repeats) throws Exception {
    Path raw = prepare();
    Path project = work.resolve("project");

    List<Double> setBased = new ArrayList<>();
    List<Double> perPartitionFull = new ArrayList<>();
    List<Double> perPartitionDay = new ArrayList<>();
    List<Double> tidemarkFull = new ArrayList<>();
    List<Double> tidemarkDay = new ArrayList<>();
    List<Long> tidemarkFullKb = new ArrayList<>();
    List<Long> tidemarkDayKb = new ArrayList<>();
    for (int i = 0; i < repeats; i++) {
      setBased.add(floor(raw, s -> setBasedBuild(s, first, days)));
      perPartitionFull.add(floor(raw, s -> perPartitionBuild(s, first, days)));
      perPartitionDay.add(floorOneMoreDay(raw));
      Files.copy(raw, project.resolve("warehouse.duckdb"), StandardCopyOption.REPLACE_EXISTING);
      deleteTree(project.resolve(".tidemark"));
      Timed full = tidemark(project, "run", "--end", first.plusDays(days - 1).toString());
      Timed day =
          tidemark(
              project,
              "run",
              "--start",
              first.plusDays(days).toString(),
              "--end",
              first.plusDays(days).toString());
      tidemarkFull.add(full.seconds);
      tidemarkFullKb.add(full.peakKb);
      tidemarkDay.add(day.seconds);
      tidemarkDayKb.add(day.peakKb);
      System.out.printf(
          Locale.ROOT,
          "repeat %d: floor set-based %.2f s, floor per partition %.2f s, tidemark %.2f s;"
              + " one more day: floor %.2f s, tidemark %.2f s%n",
          i + 1,
          setBased.get(i),
          perPartitionFull.get(i),
          full.seconds,
          perPartitionDay.get(i),
          day.seconds);
    }
    double floorSet = median(setBased);
    double floorPart = median(perPartitionFull);
    double floorDay = median(perPartitionDay);
    double tmFull = median(tidemarkFull);
    double tmDay = median(tidemarkDay);
    System.out.println();
    System.out.println(
        "| workload | tidemark s | floor set-based s | floor per partition s |"
            + " tidemark / floor | tidemark peak RSS MB |");
    System.out.println("|---|---|---|---|---|---|");
    System.out.printf(
        Locale.ROOT,
        "| %d days x %,d events, 5 models, full build | %.2f | %.2f | %.2f | %.2f (set-based) |"
            + " %d |%n",
        days,
        eventsPerDay,
        tmFull,
        floorSet,
        floorPart,
        tmFull / floorSet,
        Collections.max(tidemarkFullKb) / 1024);
    System.out.printf(
        Locale.ROOT,
        "| one more day | %.2f | | %.2f | %.2f (per partition) | %d |%n",
        tmDay,
        floorDay,
        tmDay / floorDay,
        Collections.max(tidemarkDayKb) / 1024);
  }

  private void generate(Path raw) throws SQLException, IOException {
    Files.deleteIfExists(raw);
    long total = eventsPerDay * (days + 1);
    long microsPerDay = 86_400_000_000L;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + raw);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA raw");
      s.execute(
          String.format(
              Locale.ROOT,
              "CREATE TABLE raw.events AS SELECT"
                  + " i AS event_id,"
                  + " CAST(hash(i) %% %d AS BIGINT) AS user_id,"
                  + " make_timestamp(epoch_us(TIMESTAMP '%s') + (i // %d) * %d"
                  + "   + CAST(hash(i * 31) %% %d AS BIGINT)) AS event_time,"
                  + " (['open', 'view', 'click', 'share', 'purchase'])[1 + CAST(hash(i * 7) %% 5"
                  + "   AS INTEGER)] AS action,"
                  + " CAST(hash(i * 13) %% 10000 AS DECIMAL(12, 2)) / 100 AS amount"
                  + " FROM range(%d) t(i)",
              USERS,
              first,
              eventsPerDay,
              microsPerDay,
              microsPerDay,
              total));
      s.execute("CHECKPOINT");
    }
  }

  private void writeProject(Path project) throws IOException {
    deleteTree(project);
    Path models = Files.createDirectories(project.resolve("models"));
    write(
        project.resolve("tidemark.yml"),
        "name: transform_bench\n"
            + "start: "
            + first
            + "\n"
            + "warehouse:\n  type: duckdb\n  path: warehouse.duckdb\n"
            + "state:\n  url: jdbc:sqlite:.tidemark/state.db\n"
            + "schema: main\n"
            + "run:\n  threads: 2\n  retries: 0\n");
    write(
        models.resolve("sources.yml"),
        "sources:\n"
            + "  - schema: raw\n"
            + "    tables:\n"
            + "      - name: events\n"
            + "        partitioning: {grain: day, column: event_time}\n");
    write(
        models.resolve("models.yml"),
        "models:\n"
            + model("stg_events", "day", "event_date", "")
            + model("daily_totals", "day", "event_date", "")
            + model("daily_user_activity", "day", "activity_date", "")
            + model(
                "rolling_7d",
                "day",
                "activity_date",
                "    batch_size: 31\n"
                    + "    depends_on:\n      - ref: daily_user_activity\n        mapping: window(7)\n")
            + model(
                "monthly_rollup",
                "month",
                "event_month",
                "    depends_on:\n      - ref: daily_totals\n        mapping: rollup\n"));
    for (String name : MODELS) {
      write(models.resolve(name + ".sql"), modelSql(name));
    }
  }

  private static String model(String name, String grain, String column, String dependsOn) {
    return "  - name: "
        + name
        + "\n    materialized: incremental\n"
        + "    partitioning: {grain: "
        + grain
        + ", column: "
        + column
        + "}\n"
        + dependsOn;
  }

  /** A model's SQL as the project holds it: one partition, between partition_start and _end. */
  private static String modelSql(String name) {
    return switch (name) {
      case "stg_events" ->
          selectStgEvents("{{ source('raw', 'events') }}")
              + "where event_time >= timestamp '{{ partition_start }}'\n"
              + "  and event_time < timestamp '{{ partition_end }}'\n";
      case "daily_totals" ->
          selectDailyTotals("{{ ref('stg_events') }}")
              + dayFilter("event_date", "{{ partition_start }}", "{{ partition_end }}")
              + "group by all\n";
      case "daily_user_activity" ->
          selectUserActivity("{{ ref('stg_events') }}")
              + dayFilter("event_date", "{{ partition_start }}", "{{ partition_end }}")
              + "group by all\n";
      case "rolling_7d" ->
          "select date '{{ partition_start }}' as activity_date,\n"
              + "    count(distinct user_id) as users_7d\n"
              + "from {{ ref('daily_user_activity') }}\n"
              + "where activity_date > date '{{ partition_start }}' - 7\n"
              + "  and activity_date <= date '{{ partition_start }}'\n";
      case "monthly_rollup" ->
          selectMonthly("{{ ref('daily_totals') }}")
              + dayFilter("event_date", "{{ partition_start }}", "{{ partition_end }}")
              + "group by all\n";
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static String selectStgEvents(String from) {
    return "select event_id, user_id, event_time, cast(event_time as date) as event_date,"
        + " action, amount\nfrom "
        + from
        + "\n";
  }

  private static String selectDailyTotals(String from) {
    return "select event_date, action, count(*) as events, sum(amount) as amount\nfrom "
        + from
        + "\n";
  }

  private static String selectUserActivity(String from) {
    return "select event_date as activity_date, user_id, count(*) as events,"
        + " sum(amount) as amount\nfrom "
        + from
        + "\n";
  }

  private static String selectMonthly(String from) {
    return "select cast(date_trunc('month', event_date) as date) as event_month, action,"
        + " sum(events) as events, sum(amount) as amount\nfrom "
        + from
        + "\n";
  }

  private static String dayFilter(String column, String start, String end) {
    return "where "
        + column
        + " >= date '"
        + start
        + "'\n  and "
        + column
        + " < date '"
        + end
        + "'\n";
  }

  /** One statement per model over the {@code days} days from {@code first}. */
  static void setBasedBuild(Statement s, LocalDate first, int days) throws SQLException {
    LocalDate end = first.plusDays(days);
    s.execute(
        "CREATE TABLE stg_events AS "
            + selectStgEvents("raw.events")
            + "where event_time >= timestamp '"
            + first
            + "' and event_time < timestamp '"
            + end
            + "'");
    s.execute("CREATE TABLE daily_totals AS " + selectDailyTotals("stg_events") + "group by all");
    s.execute(
        "CREATE TABLE daily_user_activity AS " + selectUserActivity("stg_events") + "group by all");
    s.execute(
        "CREATE TABLE rolling_7d AS SELECT d.activity_date, count(DISTINCT a.user_id) AS users_7d"
            + " FROM (SELECT DISTINCT activity_date FROM daily_user_activity) d"
            + " JOIN daily_user_activity a ON a.activity_date > d.activity_date - 7"
            + " AND a.activity_date <= d.activity_date GROUP BY d.activity_date");
    s.execute(
        "CREATE TABLE monthly_rollup AS "
            + selectMonthly("daily_totals")
            + "where event_date < date_trunc('month', date '"
            + end
            + "') + INTERVAL 1 MONTH group by all");
  }

  /** One DELETE and INSERT per model and day, as a partition-at-a-time engine would. */
  private void perPartitionBuild(Statement s, LocalDate from, int count) throws SQLException {
    createEmpty(s);
    for (int d = 0; d < count; d++) {
      writeDay(s, from.plusDays(d));
    }
    for (LocalDate month = from.withDayOfMonth(1);
        !month.plusMonths(1).isAfter(from.plusDays(count));
        month = month.plusMonths(1)) {
      s.execute("DELETE FROM monthly_rollup WHERE event_month = DATE '" + month + "'");
      s.execute(
          "INSERT INTO monthly_rollup "
              + selectMonthly("daily_totals")
              + dayFilter("event_date", month.toString(), month.plusMonths(1).toString())
              + "group by all");
    }
  }

  private static void createEmpty(Statement s) throws SQLException {
    s.execute(
        "CREATE TABLE IF NOT EXISTS stg_events AS "
            + selectStgEvents("raw.events")
            + "WHERE false");
    s.execute(
        "CREATE TABLE IF NOT EXISTS daily_totals AS "
            + selectDailyTotals("stg_events")
            + "WHERE false GROUP BY ALL");
    s.execute(
        "CREATE TABLE IF NOT EXISTS daily_user_activity AS "
            + selectUserActivity("stg_events")
            + "WHERE false GROUP BY ALL");
    s.execute("CREATE TABLE IF NOT EXISTS rolling_7d (activity_date DATE, users_7d BIGINT)");
    s.execute(
        "CREATE TABLE IF NOT EXISTS monthly_rollup AS "
            + selectMonthly("daily_totals")
            + "WHERE false GROUP BY ALL");
  }

  /** The five models' partitions of one day but the monthly one, a DELETE and INSERT each. */
  static void writeDay(Statement s, LocalDate day) throws SQLException {
    String start = day.toString();
    String end = day.plusDays(1).toString();
    s.execute("DELETE FROM stg_events WHERE event_date = DATE '" + start + "'");
    s.execute(
        "INSERT INTO stg_events "
            + selectStgEvents("raw.events")
            + "where event_time >= timestamp '"
            + start
            + "' and event_time < timestamp '"
            + end
            + "'");
    s.execute("DELETE FROM daily_totals WHERE event_date = DATE '" + start + "'");
    s.execute(
        "INSERT INTO daily_totals "
            + selectDailyTotals("stg_events")
            + dayFilter("event_date", start, end)
            + "group by all");
    s.execute("DELETE FROM daily_user_activity WHERE activity_date = DATE '" + start + "'");
    s.execute(
        "INSERT INTO daily_user_activity "
            + selectUserActivity("stg_events")
            + dayFilter("event_date", start, end)
            + "group by all");
    s.execute("DELETE FROM rolling_7d WHERE activity_date = DATE '" + start + "'");
    s.execute(
        "INSERT INTO rolling_7d SELECT DATE '"
            + start
            + "', count(DISTINCT user_id) FROM daily_user_activity"
            + " WHERE activity_date > DATE '"
            + start
            + "' - 7 AND activity_date <= DATE '"
            + start
            + "'");
  }

  private interface Build {
    void run(Statement s) throws SQLException;
  }

  /** Seconds the build takes on a fresh copy of the raw data, over one connection. */
  private double floor(Path raw, Build build) throws IOException, SQLException {
    Path copy = work.resolve("floor.duckdb");
    Files.copy(raw, copy, StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(work.resolve("floor.duckdb.wal"));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + copy);
        Statement s = c.createStatement()) {
      long started = System.nanoTime();
      build.run(s);
      s.execute("CHECKPOINT");
      return seconds(System.nanoTime() - started);
    }
  }

  /** The days built per partition, then the time of one more day, per partition. */
  private double floorOneMoreDay(Path raw) throws IOException, SQLException {
    Path copy = work.resolve("floor.duckdb");
    Files.copy(raw, copy, StandardCopyOption.REPLACE_EXISTING);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + copy);
        Statement s = c.createStatement()) {
      perPartitionBuild(s, first, days);
      s.execute("CHECKPOINT");
      long started = System.nanoTime();
      writeDay(s, first.plusDays(days));
      s.execute("CHECKPOINT");
      return seconds(System.nanoTime() - started);
    }
  }

  private record Timed(double seconds, long peakKb) {}

  private Timed tidemark(Path project, String... args) throws IOException, InterruptedException {
    Path peak = work.resolve("peak.txt");
    List<String> command = new ArrayList<>();
    command.addAll(List.of("/usr/bin/time", "-f", "%M", "-o", peak.toString()));
    command.addAll(List.of("java", "-Xmx2g", "-jar", jar.toString()));
    command.addAll(List.of(args));
    command.addAll(List.of("-p", project.toString(), "--no-color"));
    Path log = work.resolve("tidemark.log");
    long started = System.nanoTime();
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    int exit = process.waitFor();
    double seconds = seconds(System.nanoTime() - started);
    if (exit != 0) {
      throw new IllegalStateException(
          "tidemark " + String.join(" ", args) + " exited " + exit + "; see " + log);
    }
    String text = Files.readString(peak, StandardCharsets.UTF_8).trim();
    String[] lines = text.split("\n");
    return new Timed(seconds, Long.parseLong(lines[lines.length - 1].trim()));
  }

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double seconds(long nanos) {
    return nanos / 1e9;
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      paths
          .sorted((a, b) -> b.getNameCount() - a.getNameCount())
          .forEach(
              p -> {
                try {
                  Files.delete(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
  }
}
