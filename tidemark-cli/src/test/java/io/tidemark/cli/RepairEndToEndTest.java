package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.examples.SubscriptionsGenerator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flagship, end to end on the example project: damage sources, scan, repair; restore, scan,
 * repair again. Afterwards every table equals its original snapshot, and no repair rewrote a
 * partition outside the impact set that `tidemark impact` reported.
 */
class RepairEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = 20240101L;
  private static final int DAYS = 60;
  private static final double SCALE = 0.1;

  @TempDir Path directory;

  private Path project;
  private LocalDate first;

  @Test
  void repairRestoresEveryTableAndRewritesOnlyTheImpactSet() throws Exception {
    project = directory.resolve("subscriptions");
    Cli.Result init =
        Cli.run(
            "init",
            "--example",
            "subscriptions",
            project.toString(),
            "--days",
            String.valueOf(DAYS),
            "--scale",
            String.valueOf(SCALE));
    assertThat(init.exitCode()).as(init.all()).isZero();
    LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    first = yesterday.minusDays(DAYS - 1);
    assertThat(cli("run", "--compact").exitCode()).isZero();
    Map<String, List<String>> original = snapshot();
    assertThat(original.get("marts.revenue_monthly")).isNotEmpty();

    // A day of the last complete month, so the damage reaches the monthly rollup and runs forward
    // through the cumulative subscription_status to the end of the range.
    LocalDate paymentsDay = YearMonth.from(yesterday).minusMonths(1).atDay(10);
    LocalDate actionsFirst = paymentsDay.plusDays(2);
    LocalDate actionsLast = paymentsDay.plusDays(4);

    // 1. Partial loads: half of three days of app actions, a tenth of a day of payments.
    try (Connection warehouse = warehouse()) {
      generator().damage(warehouse, actionsFirst, actionsLast, 0.5);
      execute(
          warehouse,
          "delete from raw.iap_transactions where cast(event_time as date) = date '"
              + paymentsDay
              + "' and hash(transaction_id) % 10 = 0");
    }
    JsonNode scan = json(cli("sources", "scan", "--format", "json"));
    assertThat(changedPartitions(scan))
        .containsExactlyInAnyOrder(
            "raw.user_actions " + actionsFirst,
            "raw.user_actions " + actionsFirst.plusDays(1),
            "raw.user_actions " + actionsLast,
            "raw.iap_transactions " + paymentsDay);

    Set<String> impact = impactSet("raw.user_actions", actionsFirst, actionsLast);
    impact.addAll(impactSet("raw.iap_transactions", paymentsDay, paymentsDay));
    assertThat(assets(impact))
        .contains(
            "staging.stg_user_actions",
            "marts.active_subscribers_7d",
            "marts.subscription_status",
            "marts.revenue_monthly",
            "marts.kpi_daily",
            "marts.inconsistent_users");
    assertThat(impact)
        .as("the cumulative table is affected up to the last day")
        .contains("marts.subscription_status " + yesterday);

    Set<String> firstRepair = repairStale();
    assertThat(firstRepair).isEqualTo(impact);
    assertThat(snapshot().get("staging.stg_user_actions"))
        .isNotEqualTo(original.get("staging.stg_user_actions"));

    // 2. The loads are redone: the sources hold what they held before.
    try (Connection warehouse = warehouse()) {
      for (LocalDate day = paymentsDay; !day.isAfter(actionsLast); day = day.plusDays(1)) {
        generator().regenerate(warehouse, day);
      }
    }
    json(cli("sources", "scan", "--format", "json"));
    Set<String> secondRepair = repairStale();
    assertThat(secondRepair).isEqualTo(impact);

    assertThat(snapshot()).isEqualTo(original);
    assertThat(cli("status", "--stale").out()).contains("Nothing is stale");
    assertThat(json(cli("plan", "--format", "json")).get("tasks").asInt()).isZero();

    // 3. An unpartitioned source read through `all`: every partition that read it is affected.
    try (Connection warehouse = warehouse()) {
      execute(warehouse, "delete from raw.users where user_id % 50 = 0");
    }
    Set<String> usersImpact = impactSet("raw.users", first, yesterday);
    assertThat(usersImpact).contains("staging.stg_users all", "marts.revenue_daily " + first);
    Cli.Result repair =
        cli(
            "repair",
            "raw.users",
            "--start",
            first.toString(),
            "--end",
            yesterday.toString(),
            "--format",
            "json");
    assertThat(repair.exitCode()).as(repair.all()).isZero();
    assertThat(rewrittenBy(json(repair))).isEqualTo(usersImpact);
    try (Connection warehouse = warehouse()) {
      generator().regenerate(warehouse, yesterday);
    }
    json(cli("sources", "scan", "--format", "json"));
    assertThat(repairStale()).isEqualTo(usersImpact);
    assertThat(snapshot()).isEqualTo(original);
  }

  private SubscriptionsGenerator generator() {
    return new SubscriptionsGenerator(SEED, SCALE, first);
  }

  private Cli.Result cli(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-p", project.toString(), "--no-color"));
    return Cli.run(all.toArray(String[]::new));
  }

  private static JsonNode json(Cli.Result result) throws Exception {
    assertThat(result.exitCode()).as(result.all()).isZero();
    return JSON.readTree(result.out());
  }

  /** Model partitions (asset + key) of `tidemark impact`, the roots' own models included. */
  private Set<String> impactSet(String asset, LocalDate start, LocalDate end) throws Exception {
    JsonNode impact =
        json(
            cli(
                "impact",
                asset,
                "--start",
                start.toString(),
                "--end",
                end.toString(),
                "--format",
                "json"));
    Set<String> partitions = new TreeSet<>();
    for (JsonNode entry : impact.get("assets")) {
      if (entry.get("kind").asText().equals("model")) {
        for (JsonNode key : entry.get("partitions")) {
          partitions.add(entry.get("asset").asText() + " " + key.asText());
        }
      }
    }
    assertThat(impact.get("total_partitions").asLong()).isGreaterThanOrEqualTo(partitions.size());
    return partitions;
  }

  private Set<String> repairStale() throws Exception {
    return rewrittenBy(json(cli("repair", "--stale", "--format", "json")));
  }

  /** The partitions the repair's run wrote, from the run's own attempt records. */
  private Set<String> rewrittenBy(JsonNode repair) throws Exception {
    assertThat(repair.get("run").get("status").asText()).isEqualTo("succeeded");
    long runId = repair.get("run").get("run_id").asLong();
    JsonNode run = json(cli("runs", "show", String.valueOf(runId), "--format", "json"));
    Set<String> written = new TreeSet<>();
    for (JsonNode attempt : run.get("attempts")) {
      assertThat(attempt.get("status").asText()).isEqualTo("succeeded");
      written.add(attempt.get("asset").asText() + " " + attempt.get("partition").asText());
    }
    return written;
  }

  private static List<String> changedPartitions(JsonNode scan) {
    List<String> changed = new ArrayList<>();
    for (JsonNode source : scan.get("sources")) {
      for (JsonNode change : source.get("changes")) {
        if (!change.get("first_scan").asBoolean()) {
          changed.add(source.get("source").asText() + " " + change.get("partition").asText());
        }
      }
    }
    return changed;
  }

  private static Set<String> assets(Set<String> partitions) {
    Set<String> assets = new HashSet<>();
    partitions.forEach(p -> assets.add(p.substring(0, p.indexOf(' '))));
    return assets;
  }

  private Connection warehouse() throws SQLException {
    return DriverManager.getConnection("jdbc:duckdb:" + project.resolve("warehouse.duckdb"));
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /** Every table of the warehouse as a sorted list of its rows: equal lists, equal multisets. */
  private Map<String, List<String>> snapshot() throws SQLException {
    Map<String, List<String>> tables = new LinkedHashMap<>();
    try (Connection connection = warehouse();
        Statement statement = connection.createStatement()) {
      List<String> names = new ArrayList<>();
      try (ResultSet rows =
          statement.executeQuery(
              "select table_schema || '.' || table_name from information_schema.tables"
                  + " order by 1")) {
        while (rows.next()) {
          names.add(rows.getString(1));
        }
      }
      for (String name : names) {
        List<String> rows = new ArrayList<>();
        try (ResultSet result = statement.executeQuery("select * from " + name)) {
          ResultSetMetaData meta = result.getMetaData();
          while (result.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              row.append(result.getString(i)).append('|');
            }
            rows.add(row.toString());
          }
        }
        rows.sort(null);
        tables.put(name, rows);
      }
    }
    return tables;
  }
}
