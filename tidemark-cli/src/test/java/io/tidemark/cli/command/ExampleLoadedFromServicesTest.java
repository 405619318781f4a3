package io.tidemark.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.cli.Main;
import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Style;
import io.tidemark.connectors.prometheus.PrometheusServer;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.examples.OutageReports;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subscriptions example with its raw data where a team has it, loaded by Tidemark: the payment
 * server's transactions in a PostgreSQL service database, the accounts in a MariaDB one, the app's
 * action log as gzip JSON-lines files, one directory a day, and the payment server's hourly
 * purchase counts, a statistic that moved to Prometheus. `tidemark run` loads each day before the
 * models that read it, every table it builds holds exactly what the same example builds when its
 * raw tables are written straight into the warehouse, and the statistic loaded from Prometheus
 * matches the transactions it counts.
 */
class ExampleLoadedFromServicesTest {
  private static final String POSTGRES = "jdbc:postgresql://127.0.0.1:5432/";
  private static final String MARIADB = "jdbc:mariadb://127.0.0.1:3306/";
  private static final LocalDate LAST = LocalDate.now(ProjectCommand.CLOCK).minusDays(1);
  private static final LocalDate FIRST = LAST.minusDays(6);
  private static final double SCALE = 0.03;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path reference;
  @TempDir Path loaded;
  @TempDir Path metrics;
  private final String database =
      "tidemark_svc_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void createServiceDatabases() throws SQLException {
    try (Connection postgres = DriverManager.getConnection(POSTGRES + "test", "postgres", "");
        Statement statement = postgres.createStatement()) {
      statement.execute("create database " + database);
    }
    try (Connection mariadb = DriverManager.getConnection(MARIADB, "root", "");
        Statement statement = mariadb.createStatement()) {
      statement.execute("create database " + database);
    }
  }

  @AfterEach
  void dropServiceDatabases() throws SQLException {
    try (Connection postgres = DriverManager.getConnection(POSTGRES + "test", "postgres", "");
        Statement statement = postgres.createStatement()) {
      statement.execute("drop database if exists " + database + " with (force)");
    }
    try (Connection mariadb = DriverManager.getConnection(MARIADB, "root", "");
        Statement statement = mariadb.createStatement()) {
      statement.execute("drop database if exists " + database);
    }
  }

  @Test
  void everyModelBuiltOnLoadedSourcesEqualsTheBuildOnGeneratedRawTables() throws Exception {
    // The reference: raw tables generated into the warehouse, as the demo does.
    ExampleSetup.create("subscriptions", reference, FIRST);
    try (Workspace workspace = workspace(reference)) {
      ExampleSetup.generate(workspace, FIRST, LAST, SCALE, writer(out), Style.detect(true));
    }
    assertThat(cli(reference, "run", "--start", FIRST.toString(), "--end", LAST.toString()))
        .as(all())
        .isZero();

    // The same data where services keep it.
    ExampleSetup.create("subscriptions", loaded, FIRST);
    String purchaseCounts;
    try (Connection service = DriverManager.getConnection(POSTGRES + database, "postgres", "")) {
      ExampleSetup.generator(SCALE, FIRST).generate(service, FIRST, LAST);
      copyUsersToMariaDb(service);
      writeActionLogs(service);
      purchaseCounts = hourlyPurchasesAsOpenMetrics(service);
    }
    declareLoads();
    // The wiki's outage reports stay generated: the Confluence load has tests of its own.
    try (Workspace workspace = workspace(loaded);
        WarehouseSession session = workspace.warehouse().openSession()) {
      OutageReports.writeTable(
          ExampleSetup.connection(session),
          new OutageReports(ExampleSetup.SEED).between(FIRST, LAST),
          ExampleSetup.EXAMPLE_WIKI);
    }
    out.getBuffer().setLength(0);

    assertThat(cli(loaded, "validate")).as(all()).isZero();
    try (PrometheusServer prometheus = PrometheusServer.start(metrics, purchaseCounts)) {
      declarePrometheusLoad(prometheus.url());
      assertThat(cli(loaded, "run", "--start", FIRST.toString(), "--end", LAST.toString()))
          .as(all())
          .isZero();
    }
    assertThat(out.toString())
        .contains("raw.iap_transactions " + FIRST)
        .contains("raw.user_actions " + LAST)
        .contains("raw.users");

    // The statistic loaded from Prometheus counts what the transactions hold, hour by hour.
    assertThat(
            rows(
                loaded,
                "select strftime(hour, '%Y-%m-%d %H') || ' ' || store || ' ' || cast(purchases as"
                    + " bigint) from raw.purchases_hourly order by 1"))
        .hasSize(7 * 24 * 2)
        .isEqualTo(
            rows(
                reference,
                "select strftime(h.hour, '%Y-%m-%d %H') || ' ' || s.store || ' ' ||"
                    + " count(t.transaction_id) from (select unnest(generate_series(timestamp '"
                    + FIRST
                    + "', timestamp '"
                    + LAST
                    + " 23:00:00', interval 1 hour)) as hour) h cross join (values ('app_store'),"
                    + " ('play_store')) s(store) left join raw.iap_transactions t on"
                    + " date_trunc('hour', t.event_time) = h.hour and t.store = s.store and"
                    + " t.event_type = 'purchase' group by h.hour, s.store order by 1"));

    List<String> tables = modelTables(reference);
    assertThat(tables).contains("marts.kpi_daily", "staging.stg_users");
    assertThat(contents(loaded, "marts.kpi_daily")).hasSize(7);
    for (String table : tables) {
      assertThat(contents(loaded, table)).as(table).isEqualTo(contents(reference, table));
    }
  }

  /** Adds a {@code load:} block to each raw table of the loaded project's sources.yml. */
  private void declareLoads() throws Exception {
    Path sources = loaded.resolve("models/sources.yml");
    String text = Files.readString(sources);
    text =
        addLoad(
            text,
            "iap_transactions",
            "{from: jdbc, url: \""
                + POSTGRES
                + database
                + "?user=postgres\", table: raw.iap_transactions}");
    text =
        addLoad(
            text,
            "users",
            "{from: jdbc, url: \""
                + MARIADB
                + database
                + "\", user: root, table: "
                + database
                + ".users}");
    text =
        addLoad(
            text,
            "user_actions",
            "{from: files, path: \"logs/{date}/*.json.gz\", fields: {action_id: varchar, user_id:"
                + " bigint, event_time: timestamp, action: varchar, product_id: varchar, amount:"
                + " \"decimal(12,2)\", platform: varchar, app_version: varchar}}");
    Files.writeString(sources, text);
  }

  /**
   * The payment server's purchases per store and hour, as the gauge it exports ({@code
   * iap_purchases_hourly}), one sample at the start of every hour, zeros included.
   */
  private static String hourlyPurchasesAsOpenMetrics(Connection service) throws SQLException {
    StringBuilder text = new StringBuilder("# TYPE iap_purchases_hourly gauge\n");
    for (String store : List.of("app_store", "play_store")) {
      try (PreparedStatement read =
          service.prepareStatement(
              "select hr, count(t.transaction_id) from generate_series(?::timestamp,"
                  + " ?::timestamp, interval '1 hour') h(hr) left join raw.iap_transactions t on"
                  + " date_trunc('hour', t.event_time) = hr and t.store = ? and t.event_type ="
                  + " 'purchase' group by hr order by hr")) {
        read.setObject(1, FIRST.atStartOfDay());
        read.setObject(2, LAST.atTime(23, 0));
        read.setString(3, store);
        try (ResultSet hours = read.executeQuery()) {
          while (hours.next()) {
            text.append("iap_purchases_hourly{store=\"")
                .append(store)
                .append("\"} ")
                .append(hours.getLong(2))
                .append(' ')
                .append(PrometheusServer.epochSeconds(hours.getTimestamp(1).toLocalDateTime()))
                .append('\n');
          }
        }
      }
    }
    return text.append("# EOF\n").toString();
  }

  /** The hourly purchase counts, a source loaded from Prometheus by day. */
  private void declarePrometheusLoad(String url) throws Exception {
    Path sources = loaded.resolve("models/sources.yml");
    Files.writeString(
        sources,
        Files.readString(sources)
            + String.join(
                "\n",
                "",
                "  - schema: raw",
                "    description: Statistics the payment server exports to Prometheus.",
                "    tables:",
                "      - name: purchases_hourly",
                "        description: Purchases per store and hour, as the payment server counts.",
                "        partitioning: {grain: day, column: hour}",
                "        load:",
                "          from: prometheus",
                "          url: " + url,
                "          query: sum by (store) (iap_purchases_hourly)",
                "          step: 1h",
                "          labels: [store]",
                "          value: purchases",
                ""));
  }

  private static String addLoad(String sources, String table, String load) {
    String entry = "\n      - name: " + table + "\n";
    assertThat(sources).contains(entry);
    return sources.replace(entry, entry + "        load: " + load + "\n");
  }

  /** The accounts, in a MariaDB table of the same columns. */
  private void copyUsersToMariaDb(Connection service) throws SQLException {
    try (Connection mariadb = DriverManager.getConnection(MARIADB + database, "root", "");
        Statement create = mariadb.createStatement()) {
      create.execute(
          "create table users (user_id bigint not null, signup_time datetime not null, country"
              + " varchar(2) not null, platform varchar(16) not null, marketing_channel"
              + " varchar(32) not null, is_test_user boolean not null)");
      try (Statement read = service.createStatement();
          ResultSet users =
              read.executeQuery(
                  "select user_id, signup_time, country, platform, marketing_channel,"
                      + " is_test_user from raw.users");
          PreparedStatement insert =
              mariadb.prepareStatement("insert into users values (?, ?, ?, ?, ?, ?)")) {
        while (users.next()) {
          for (int i = 1; i <= 6; i++) {
            insert.setObject(i, users.getObject(i));
          }
          insert.addBatch();
        }
        insert.executeBatch();
      }
    }
  }

  /** The app's actions as the logging server writes them: gzip JSON lines, a directory a day. */
  private void writeActionLogs(Connection service) throws Exception {
    for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
      Path file = loaded.resolve("logs/" + day + "/actions.json.gz");
      Files.createDirectories(file.getParent());
      try (PreparedStatement read =
              service.prepareStatement(
                  "select action_id, user_id, event_time, action, product_id, amount, platform,"
                      + " app_version from raw.user_actions where event_time >= ? and"
                      + " event_time < ?");
          Writer log =
              new BufferedWriter(
                  new OutputStreamWriter(
                      new GZIPOutputStream(Files.newOutputStream(file)), StandardCharsets.UTF_8))) {
        read.setObject(1, day.atStartOfDay());
        read.setObject(2, day.plusDays(1).atStartOfDay());
        try (ResultSet actions = read.executeQuery()) {
          while (actions.next()) {
            ObjectNode line = JSON.createObjectNode();
            line.put("action_id", actions.getString(1));
            line.put("user_id", actions.getLong(2));
            line.put("event_time", actions.getTimestamp(3).toLocalDateTime() + "Z");
            line.put("action", actions.getString(4));
            line.put("product_id", actions.getString(5));
            line.put("amount", actions.getBigDecimal(6));
            line.put("platform", actions.getString(7));
            line.put("app_version", actions.getString(8));
            log.write(JSON.writeValueAsString(line));
            log.write('\n');
          }
        }
      }
    }
  }

  /** The tables the models of a project built, as schema.table. */
  private static List<String> modelTables(Path project) throws SQLException {
    List<String> tables = new ArrayList<>();
    try (Connection connection = readOnly(project);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "select table_schema || '.' || table_name from information_schema.tables"
                    + " where table_schema in ('staging', 'marts') order by 1")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    return tables;
  }

  private static List<String> rows(Path project, String query) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = readOnly(project);
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      while (result.next()) {
        rows.add(result.getString(1));
      }
    }
    return rows;
  }

  /** Every row of a table as text, its columns in name order, the rows sorted. */
  private static List<String> contents(Path project, String table) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = readOnly(project);
        Statement statement = connection.createStatement()) {
      List<String> columns = new ArrayList<>();
      try (ResultSet described =
          statement.executeQuery(
              "select column_name from information_schema.columns where table_schema || '.' ||"
                  + " table_name = '"
                  + table
                  + "' order by column_name")) {
        while (described.next()) {
          columns.add('"' + described.getString(1) + '"');
        }
      }
      String projection =
          String.join(
              " || '|' || ",
              columns.stream().map(c -> "coalesce(cast(" + c + " as varchar), '∅')").toList());
      try (ResultSet result =
          statement.executeQuery("select " + projection + " from " + table + " order by 1")) {
        while (result.next()) {
          rows.add(result.getString(1));
        }
      }
    }
    return rows;
  }

  private static Connection readOnly(Path project) throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("duckdb.read_only", "true");
    return DriverManager.getConnection(
        "jdbc:duckdb:" + project.resolve("warehouse.duckdb"), properties);
  }

  private Workspace workspace(Path project) {
    return new Workspace(project, null, ProjectCommand.CLOCK, writer(err));
  }

  private int cli(Path project, String... args) {
    String[] all = new String[args.length + 2];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "-p";
    all[args.length + 1] = project.toString();
    return Main.execute(all, writer(out), writer(err));
  }

  private String all() {
    return out + "\n" + err;
  }

  private static PrintWriter writer(StringWriter target) {
    return new PrintWriter(target, true);
  }
}
