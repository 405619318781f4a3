package io.tidemark.examples;

import static io.tidemark.examples.DuckDbFixture.count;
import static io.tidemark.examples.DuckDbFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.ColumnDoc;
import io.tidemark.core.asset.Dependency;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.project.Project;
import io.tidemark.core.project.ProjectLoader;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every model of the subscriptions example on generated data, in dependency order, and checks
 * what the models say against what the generator knows.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SubscriptionsProjectTest {
  private static final long SEED = 7L;
  private static final double SCALE = 0.02;
  // Long enough for subscriptions bought in the range to renew, so the cumulative state is tested
  // through purchases, renewals, cancellations, refunds and expiries, across month ends where the
  // stores bill Jan 31 subscriptions on Feb 29 and then on Mar 31.
  private static final LocalDate FIRST = LocalDate.of(2024, 1, 22);
  private static final LocalDate LAST = LocalDate.of(2024, 4, 1);
  private static final long DAYS = LAST.toEpochDay() - FIRST.toEpochDay() + 1;

  /** What the engine must create before the first partition of a model that reads itself. */
  static final Map<String, String> EMPTY_TABLES =
      Map.of(
          "subscription_status",
          "status_date date, user_id bigint, product_id varchar, status varchar,"
              + " has_access boolean, subscribed_since date, first_subscribed_date date,"
              + " current_period_end date, renewals integer, last_event_type varchar,"
              + " last_event_time timestamp, started_today boolean, churned_today boolean");

  private Connection connection;
  private Project project;
  private GenerationReport report;
  private List<Asset> order;
  private List<OutageReports.Report> outages;

  @BeforeAll
  void runEveryModel(@TempDir Path directory) throws Exception {
    connection = DuckDbFixture.open(directory, "warehouse");
    // Tidemark's own loader: it rejects unknown YAML keys, bad mappings, template errors, and any
    // table read without ref(), source() or this.
    project = new ProjectLoader(new DuckDbSqlParser(connection)).load(Path.of("subscriptions"));
    report = new SubscriptionsGenerator(SEED, SCALE).generate(connection, FIRST, LAST);
    outages = new OutageReports(SEED).between(FIRST, LAST);
    OutageReports.writeTable(connection, outages, "https://wiki.example.com/wiki");
    order = new ModelRunner(connection, project, EMPTY_TABLES).run(FIRST, LAST);
  }

  @AfterAll
  void close() throws SQLException {
    connection.close();
  }

  @Test
  void everyModelRunsInDependencyOrder() {
    List<String> names = order.stream().map(asset -> asset.name().table()).toList();
    assertThat(names)
        .containsExactlyInAnyOrder(
            "stg_iap_transactions",
            "stg_user_actions",
            "stg_users",
            "fx_planning_rates",
            "subscription_events_daily",
            "subscription_status",
            "revenue_daily",
            "active_subscribers_7d",
            "revenue_monthly",
            "kpi_daily",
            "inconsistent_users",
            "outage_impact",
            "outages_monthly");
    assertThat(names.indexOf("kpi_daily")).isGreaterThan(names.indexOf("active_subscribers_7d"));
    assertThat(names.indexOf("revenue_monthly")).isGreaterThan(names.indexOf("revenue_daily"));
  }

  @Test
  void dependenciesHaveTheIntendedPartitionMappings() {
    Map<String, String> mappings = new TreeMap<>();
    for (Asset asset : project.assets().values()) {
      for (Dependency dependency : asset.dependencies()) {
        mappings.put(
            asset.name() + " <- " + dependency.upstream(), dependency.mapping().describe());
      }
    }
    assertThat(mappings)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("staging.stg_iap_transactions <- raw.iap_transactions", "identity"),
                Map.entry("staging.stg_user_actions <- raw.user_actions", "identity"),
                Map.entry("staging.stg_users <- raw.users", "all"),
                Map.entry(
                    "marts.subscription_events_daily <- staging.stg_iap_transactions", "identity"),
                Map.entry("marts.subscription_status <- staging.stg_iap_transactions", "identity"),
                Map.entry("marts.subscription_status <- marts.subscription_status", "previous"),
                Map.entry("marts.revenue_daily <- staging.stg_iap_transactions", "identity"),
                Map.entry("marts.revenue_daily <- staging.stg_users", "all"),
                Map.entry("marts.revenue_daily <- reference.fx_planning_rates", "all"),
                Map.entry("marts.active_subscribers_7d <- marts.subscription_status", "window(7)"),
                Map.entry("marts.active_subscribers_7d <- staging.stg_user_actions", "window(7)"),
                Map.entry("marts.revenue_monthly <- marts.revenue_daily", "rollup"),
                Map.entry("marts.kpi_daily <- marts.revenue_daily", "identity"),
                Map.entry("marts.kpi_daily <- marts.subscription_status", "identity"),
                Map.entry("marts.kpi_daily <- marts.active_subscribers_7d", "identity"),
                Map.entry("marts.inconsistent_users <- staging.stg_iap_transactions", "identity"),
                Map.entry("marts.inconsistent_users <- staging.stg_user_actions", "identity"),
                Map.entry("marts.outage_impact <- wiki.outage_reports", "all"),
                Map.entry("marts.outage_impact <- marts.revenue_daily", "all"),
                Map.entry("marts.outages_monthly <- wiki.outage_reports", "all")));
    assertThat(project.config().pipelines())
        .containsOnlyKeys("subscriptions_daily", "subscriptions_reporting", "incidents");
  }

  @Test
  void inconsistentUsersFindsExactlyThePlantedRows() throws SQLException {
    Set<String> planted =
        report.inconsistencies().stream()
            .map(
                p ->
                    String.join(
                        "|",
                        p.day().toString(),
                        Long.toString(p.userId()),
                        p.kind().label(),
                        p.transactionIds().isEmpty()
                            ? "null"
                            : String.join(",", p.transactionIds()),
                        p.actionIds().isEmpty() ? "null" : String.join(",", p.actionIds())))
            .collect(Collectors.toSet());

    List<String> found =
        rows(
            connection,
            "select event_date, user_id, kind, transaction_ids, action_ids"
                + " from marts.inconsistent_users");

    assertThat(found).hasSameSizeAs(planted);
    assertThat(Set.copyOf(found)).isEqualTo(planted);
    assertThat((long) planted.size()).isGreaterThanOrEqualTo(3 * DAYS);
  }

  @Test
  void outageImpactHasEveryReportWithItsDayAndTheWeekBefore() throws SQLException {
    assertThat(outages).hasSizeGreaterThan(5);
    assertThat(count(connection, "select count(*) from marts.outage_impact"))
        .isEqualTo(outages.size());
    for (OutageReports.Report outage : outages) {
      long minutes =
          java.time.Duration.between(outage.startedAt(), outage.resolvedAt()).toMinutes();
      assertThat(
              count(
                  connection,
                  "select duration_minutes from marts.outage_impact where report_id = '"
                      + outage.id()
                      + "'"))
          .as("duration of %s", outage.title())
          .isEqualTo(minutes);
      LocalDate day = outage.startedAt().toLocalDate();
      assertThat(
              count(
                  connection,
                  "select count(*) from marts.outage_impact o where report_id = '"
                      + outage.id()
                      + "' and purchases_on_day is not distinct from (select sum(purchases)"
                      + " from marts.revenue_daily where revenue_date = o.outage_date)"
                      + " and purchases_week_before is not distinct from (select sum(purchases)"
                      + " from marts.revenue_daily where revenue_date = o.outage_date - 7)"))
          .as("purchases around %s", day)
          .isEqualTo(1);
    }
    assertThat(
            count(
                connection,
                "select count(*) from marts.outage_impact where purchases_on_day is not null"
                    + " and purchases_week_before is not null"))
        .isPositive();
  }

  @Test
  void outagesMonthlyCountsEachServicesOutagesAndDowntimeOfTheMonth() throws SQLException {
    Map<String, long[]> expected = new TreeMap<>();
    for (OutageReports.Report outage : outages) {
      String key =
          outage.startedAt().toLocalDate().withDayOfMonth(1) + "|" + outage.affectedService();
      long[] figures = expected.computeIfAbsent(key, k -> new long[3]);
      figures[0]++;
      figures[1] += outage.severity().equals("SEV-3") ? 0 : 1;
      figures[2] += java.time.Duration.between(outage.startedAt(), outage.resolvedAt()).toMinutes();
    }
    List<String> wanted =
        expected.entrySet().stream()
            .map(
                e ->
                    e.getKey()
                        + "|"
                        + e.getValue()[0]
                        + "|"
                        + e.getValue()[1]
                        + "|"
                        + e.getValue()[2])
            .toList();

    assertThat(
            rows(
                connection,
                "select outage_month, affected_service, outages, major_outages, downtime_minutes"
                    + " from marts.outages_monthly order by outage_month, affected_service"))
        .containsExactlyElementsOf(wanted);
    assertThat(
            count(
                connection,
                "select count(*) from marts.outages_monthly where longest_minutes_to_recover"
                    + " < median_minutes_to_recover or median_minutes_to_recover <= 0"))
        .isZero();
  }

  @Test
  void everyAssetAndColumnIsDocumented() {
    for (Asset asset : project.assets().values()) {
      assertThat(asset.description()).as("description of %s", asset.name()).isNotBlank();
      assertThat(asset.owner()).as("owner of %s", asset.name()).isNotBlank();
      assertThat(asset.columns()).as("columns of %s", asset.name()).isNotEmpty();
      for (ColumnDoc column : asset.columns()) {
        assertThat(column.description())
            .as("description of %s.%s", asset.name(), column.name())
            .isNotBlank();
      }
      if (asset.isModel()) {
        assertThat(asset.pipeline()).as("pipeline of %s", asset.name()).isNotBlank();
      }
    }
  }

  @Test
  void documentedColumnsAreTheTablesColumns() throws SQLException {
    for (Asset asset : project.assets().values()) {
      List<String> actual =
          rows(connection, "select column_name from (describe " + asset.name() + ")");
      assertThat(actual)
          .as("columns of %s", asset.name())
          .containsExactlyElementsOf(asset.columns().stream().map(ColumnDoc::name).toList());
    }
  }

  @Test
  void everyPartitionHasRows() throws SQLException {
    for (Asset model : order) {
      AssetName name = model.name();
      if (!model.isPartitioned()) {
        assertThat(count(connection, "select count(*) from " + name))
            .as("rows of %s", name)
            .isPositive();
        continue;
      }
      String column = model.partitioning().column();
      long expected = model.grain() == Grain.MONTH ? 4 : DAYS;
      assertThat(count(connection, "select count(distinct " + column + ") from " + name))
          .as("partitions of %s", name)
          .isEqualTo(expected);
    }
  }

  @Test
  void subscriptionStatusAgreesWithTheGeneratedLives() throws SQLException {
    // Subscriptions bought inside the range are fully observed, so the cumulative state must say
    // exactly who has paid for each day.
    UserLives lives =
        UserLives.simulate(
            SEED,
            new Population(SCALE, SubscriptionsGenerator.DEFAULT_ORIGIN),
            FIRST.toEpochDay(),
            LAST.toEpochDay());
    Set<String> truth = new HashSet<>();
    long users =
        new Population(SCALE, SubscriptionsGenerator.DEFAULT_ORIGIN)
            .usersSignedUpBy(LAST.toEpochDay());
    for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
      for (long user = 1; user <= users; user++) {
        long epochDay = day.toEpochDay();
        long start = lives.paidPeriodStart(user, epochDay).orElse(Long.MIN_VALUE);
        if (start >= FIRST.toEpochDay()) {
          truth.add(day + "|" + user + "|" + LocalDate.ofEpochDay(start));
        }
      }
    }

    List<String> status =
        rows(
            connection,
            "select status_date, user_id, subscribed_since from marts.subscription_status"
                + " where has_access and subscribed_since is not null");

    assertThat(truth).hasSizeGreaterThan(1000);
    assertThat(Set.copyOf(status)).isEqualTo(truth);
    assertThat(
            count(
                connection,
                "select count(*) from marts.subscription_status where renewals >= 2"
                    + " and day(subscribed_since) >= 30"))
        .as("subscriptions bought on a month's 30th or 31st, renewed through February")
        .isPositive();
    assertThat(
            count(
                connection,
                "select count(*) - count(distinct (status_date, user_id))"
                    + " from marts.subscription_status"))
        .isZero();
  }

  @Test
  void martsAddUp() throws SQLException {
    assertThat(
            rows(
                connection,
                "select sum(net_revenue), sum(purchases), sum(renewals) from marts.revenue_monthly"))
        .isEqualTo(
            rows(
                connection,
                "select sum(net_revenue), sum(purchases), sum(renewals) from marts.revenue_daily"));
    assertThat(count(connection, "select sum(events) from marts.subscription_events_daily"))
        .isEqualTo(count(connection, "select count(*) from staging.stg_iap_transactions"));
    assertThat(count(connection, "select count(*) from marts.kpi_daily")).isEqualTo(DAYS);
    assertThat(
            count(
                connection,
                "select count(*) from marts.kpi_daily"
                    + " where net_revenue <= 0 or active_subscribers <= 0 or arpu <= 0"
                    + " or active_users_7d < active_subscribers"))
        .isZero();
    assertThat(count(connection, "select count(*) from staging.stg_users"))
        .isEqualTo(count(connection, "select count(*) from raw.users where not is_test_user"));
  }
}
