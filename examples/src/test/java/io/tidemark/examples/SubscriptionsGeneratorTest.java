package io.tidemark.examples;

import static io.tidemark.examples.DuckDbFixture.count;
import static io.tidemark.examples.DuckDbFixture.open;
import static io.tidemark.examples.DuckDbFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriptionsGeneratorTest {
  private static final long SEED = 20240101L;
  private static final double SMALL = 0.02;
  private static final LocalDate MONDAY = LocalDate.of(2024, 1, 1);

  @TempDir Path directory;

  @Test
  void sameSeedAndDayGiveIdenticalRows() throws SQLException {
    LocalDate day = MONDAY.plusDays(3);
    SubscriptionsGenerator generator = new SubscriptionsGenerator(SEED, SMALL);
    try (Connection alone = open(directory, "alone");
        Connection withNeighbours = open(directory, "neighbours");
        Connection otherSeed = open(directory, "other")) {
      GenerationReport one = generator.generate(alone, day, day);
      GenerationReport week = generator.generate(withNeighbours, day.minusDays(3), day.plusDays(3));
      new SubscriptionsGenerator(SEED + 1, SMALL).generate(otherSeed, day, day);

      assertThat(dayRows(alone, day)).isNotEmpty().isEqualTo(dayRows(withNeighbours, day));
      assertThat(one.inconsistencies()).isEqualTo(week.inconsistenciesOn(day));
      assertThat(one.days()).containsExactly(week.days().get(3));
      assertThat(dayRows(otherSeed, day)).isNotEqualTo(dayRows(alone, day));
    }
  }

  @Test
  void regeneratingADayRestoresItExactly() throws SQLException {
    SubscriptionsGenerator generator = new SubscriptionsGenerator(SEED, SMALL);
    LocalDate damaged = MONDAY.plusDays(2);
    try (Connection connection = open(directory, "warehouse")) {
      generator.generate(connection, MONDAY, MONDAY.plusDays(4));
      List<String> before = dayRows(connection, damaged);
      List<String> neighbours = dayRows(connection, damaged.plusDays(1));
      List<String> users = rows(connection, "select * from raw.users order by user_id");

      assertThat(generator.damage(connection, damaged, damaged, 0.5)).isPositive();
      DuckDbFixture.execute(
          connection,
          "delete from raw.iap_transactions where event_time::date = '" + damaged + "'");
      assertThat(dayRows(connection, damaged)).isNotEqualTo(before);

      generator.regenerate(connection, damaged);

      assertThat(dayRows(connection, damaged)).isEqualTo(before);
      assertThat(dayRows(connection, damaged.plusDays(1))).isEqualTo(neighbours);
      assertThat(rows(connection, "select * from raw.users order by user_id")).isEqualTo(users);
    }
  }

  @Test
  void damageDropsRowsOnlyInItsDays() throws SQLException {
    SubscriptionsGenerator generator = new SubscriptionsGenerator(SEED, SMALL);
    try (Connection connection = open(directory, "warehouse")) {
      generator.generate(connection, MONDAY, MONDAY.plusDays(4));
      Map<LocalDate, Long> before = actionsPerDay(connection);
      long iapRows = count(connection, "select count(*) from raw.iap_transactions");

      long deleted = generator.damage(connection, MONDAY.plusDays(1), MONDAY.plusDays(2), 0.2);

      Map<LocalDate, Long> after = actionsPerDay(connection);
      long lost = 0;
      for (LocalDate day = MONDAY; day.isBefore(MONDAY.plusDays(5)); day = day.plusDays(1)) {
        boolean damaged = day.equals(MONDAY.plusDays(1)) || day.equals(MONDAY.plusDays(2));
        if (damaged) {
          assertThat((double) after.get(day) / before.get(day)).isBetween(0.77, 0.83);
        } else {
          assertThat(after.get(day)).isEqualTo(before.get(day));
        }
        lost += before.get(day) - after.get(day);
      }
      assertThat(deleted).isEqualTo(lost);
      assertThat(count(connection, "select count(*) from raw.iap_transactions")).isEqualTo(iapRows);
    }
  }

  @Test
  void damageIsDeterministic() throws SQLException {
    SubscriptionsGenerator generator = new SubscriptionsGenerator(SEED, SMALL);
    try (Connection first = open(directory, "first");
        Connection second = open(directory, "second")) {
      for (Connection connection : List.of(first, second)) {
        generator.generate(connection, MONDAY, MONDAY);
        generator.damage(connection, MONDAY, MONDAY, 0.3);
      }
      assertThat(dayRows(first, MONDAY)).isEqualTo(dayRows(second, MONDAY));
    }
  }

  @Test
  void weekendsHaveMoreAppOpens() throws SQLException {
    try (Connection connection = open(directory, "warehouse")) {
      new SubscriptionsGenerator(SEED, 0.05).generate(connection, MONDAY, MONDAY.plusDays(27));
      Map<DayOfWeek, Double> opens =
          averagePerWeekday(
              connection,
              "select event_time::date, count(*) from raw.user_actions"
                  + " where action = 'app_open' group by 1");

      double weekend = (opens.get(DayOfWeek.SATURDAY) + opens.get(DayOfWeek.SUNDAY)) / 2;
      for (DayOfWeek weekday : EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.THURSDAY)) {
        assertThat(weekend / opens.get(weekday)).isGreaterThan(1.2);
      }
    }
  }

  @Test
  void firstPurchasesLeanTowardsWeekdays() throws SQLException {
    try (Connection connection = open(directory, "warehouse")) {
      new SubscriptionsGenerator(SEED, 0.1).generate(connection, MONDAY, MONDAY.plusDays(27));
      Map<DayOfWeek, Double> purchases =
          averagePerWeekday(
              connection,
              "select event_time::date, count(*) from raw.iap_transactions"
                  + " where event_type = 'purchase' group by 1");

      double weekend = (purchases.get(DayOfWeek.SATURDAY) + purchases.get(DayOfWeek.SUNDAY)) / 2;
      double midweek = (purchases.get(DayOfWeek.TUESDAY) + purchases.get(DayOfWeek.WEDNESDAY)) / 2;
      assertThat(weekend).isLessThan(midweek * 0.9);
    }
  }

  @Test
  void populationGrows() throws SQLException {
    SubscriptionsGenerator generator = new SubscriptionsGenerator(SEED, 0.05);
    LocalDate eightWeeksLater = MONDAY.plusWeeks(8);
    try (Connection connection = open(directory, "warehouse")) {
      GenerationReport start = generator.generate(connection, MONDAY, MONDAY.plusDays(6));
      GenerationReport later =
          generator.generate(connection, eightWeeksLater, eightWeeksLater.plusDays(6));

      // 2% a week for eight weeks.
      assertThat((double) later.users() / start.users()).isBetween(1.15, 1.19);
      assertThat(count(connection, "select count(*) from raw.users")).isEqualTo(later.users());
      assertThat(actions(later)).isGreaterThan(actions(start) * 11 / 10);
      assertThat(payments(later)).isGreaterThan(payments(start) * 11 / 10);

      // Regenerating an early day keeps the snapshot at its latest day.
      assertThat(generator.regenerate(connection, MONDAY).users()).isEqualTo(later.users());
    }
  }

  @Test
  void theOriginSetsWhenTheUserBaseHasItsBaseSize() throws SQLException {
    LocalDate later = LocalDate.of(2026, 11, 4);
    try (Connection atDefault = open(directory, "default");
        Connection atLater = open(directory, "later")) {
      GenerationReport start =
          new SubscriptionsGenerator(SEED, 0.05)
              .generate(atDefault, MONDAY.plusDays(2), MONDAY.plusDays(2));
      GenerationReport moved =
          new SubscriptionsGenerator(SEED, 0.05, later.minusDays(2))
              .generate(atLater, later, later);

      assertThat((double) moved.users() / start.users()).isBetween(0.99, 1.01);
      assertThat((double) actions(moved) / actions(start)).isBetween(0.8, 1.25);
    }
  }

  private static long actions(GenerationReport report) {
    return report.days().stream().mapToLong(DayCounts::userActions).sum();
  }

  private static long payments(GenerationReport report) {
    return report.days().stream().mapToLong(DayCounts::iapTransactions).sum();
  }

  @Test
  void plantedInconsistenciesAreReportedExactly() throws SQLException {
    try (Connection connection = open(directory, "warehouse")) {
      GenerationReport report =
          new SubscriptionsGenerator(SEED, SMALL).generate(connection, MONDAY, MONDAY.plusDays(6));

      Set<String> planted =
          report.inconsistencies().stream()
              .map(
                  p ->
                      String.join(
                          "|",
                          p.day().toString(),
                          Long.toString(p.userId()),
                          p.kind().label(),
                          String.join(",", p.transactionIds()),
                          String.join(",", p.actionIds())))
              .collect(Collectors.toSet());
      assertThat(Set.copyOf(rows(connection, RECONCILIATION))).isEqualTo(planted);
      assertThat(planted).hasSameSizeAs(report.inconsistencies());
      for (DayCounts day : report.days()) {
        assertThat(report.inconsistenciesOn(day.day())).hasSizeBetween(3, 8);
      }
      assertThat(report.inconsistencies())
          .extracting(PlantedInconsistency::kind)
          .containsAll(EnumSet.allOf(InconsistencyKind.class));
    }
  }

  @Test
  void defaultScaleGivesTensOfThousandsOfActionsPerDay() throws SQLException {
    LocalDate wednesday = MONDAY.plusDays(2);
    try (Connection connection = open(directory, "warehouse")) {
      GenerationReport report =
          new SubscriptionsGenerator(SEED, 1.0).generate(connection, wednesday, wednesday);

      DayCounts day = report.days().get(0);
      assertThat(day.userActions()).isBetween(20_000L, 45_000L);
      assertThat(day.iapTransactions()).isBetween(1_000L, 3_000L);
      assertThat(count(connection, "select count(*) from raw.user_actions"))
          .isEqualTo(day.userActions());
      assertThat(count(connection, "select count(*) from raw.iap_transactions"))
          .isEqualTo(day.iapTransactions());
      assertThat(report.users()).isGreaterThan(200_000L);
    }
  }

  @Test
  void rowsAreWellFormed() throws SQLException {
    try (Connection connection = open(directory, "warehouse")) {
      new SubscriptionsGenerator(SEED, SMALL).generate(connection, MONDAY, MONDAY.plusDays(2));

      assertThat(
              count(
                  connection,
                  "select count(*) - count(distinct transaction_id) from raw.iap_transactions"))
          .isZero();
      assertThat(
              count(
                  connection, "select count(*) - count(distinct action_id) from raw.user_actions"))
          .isZero();
      assertThat(
              rows(
                  connection,
                  "select distinct event_type, sign(amount) from raw.iap_transactions order by 1"))
          .containsExactly("cancellation|0", "purchase|1", "refund|-1", "renewal|1");
      // Nobody acts before signing up, and every actor is in the users snapshot.
      assertThat(
              count(
                  connection,
                  "select count(*) from raw.user_actions a left join raw.users u using (user_id)"
                      + " where u.user_id is null or a.event_time < u.signup_time"))
          .isZero();
      assertThat(
              count(
                  connection,
                  "select count(*) from raw.iap_transactions t join raw.users u using (user_id)"
                      + " where u.is_test_user or t.event_time < u.signup_time"))
          .isZero();
      assertThat(
              count(
                  connection,
                  "select count(*) from raw.user_actions where (action = 'purchase_complete')"
                      + " <> (amount is not null)"))
          .isZero();
    }
  }

  @Test
  void rejectsAnEmptyRangeAndANonPositiveScale() throws SQLException {
    try (Connection connection = open(directory, "warehouse")) {
      SubscriptionsGenerator generator = new SubscriptionsGenerator(SEED, SMALL);
      assertThatThrownBy(() -> generator.generate(connection, MONDAY, MONDAY.minusDays(1)))
          .isInstanceOf(TidemarkException.class)
          .hasMessageContaining("empty");
    }
    assertThatThrownBy(() -> new SubscriptionsGenerator(SEED, 0))
        .isInstanceOfSatisfying(
            TidemarkException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
  }

  /**
   * The reconciliation in plain SQL over the raw tables: each day and user, the purchases and
   * renewals on the payment server against the app's purchase_complete actions.
   */
  private static final String RECONCILIATION =
      """
      with payments as (
          select event_time::date as day, user_id,
                 string_agg(product_id, ',' order by product_id) as products,
                 sum(amount) as amount,
                 string_agg(transaction_id, ',' order by transaction_id) as ids
          from raw.iap_transactions
          where event_type in ('purchase', 'renewal')
          group by all
      ),
      actions as (
          select event_time::date as day, user_id,
                 string_agg(product_id, ',' order by product_id) as products,
                 sum(amount) as amount,
                 string_agg(action_id, ',' order by action_id) as ids
          from raw.user_actions
          where action = 'purchase_complete'
          group by all
      )
      select concat_ws('|', day, user_id, kind, coalesce(p_ids, ''), coalesce(a_ids, ''))
      from (
          select coalesce(p.day, a.day) as day, coalesce(p.user_id, a.user_id) as user_id,
                 case
                     when p.user_id is null then 'missing_iap_transaction'
                     when a.user_id is null then 'missing_purchase_action'
                     when p.products <> a.products then 'product_mismatch'
                     when p.amount <> a.amount then 'amount_mismatch'
                 end as kind,
                 p.ids as p_ids, a.ids as a_ids
          from payments p
          full outer join actions a on a.day = p.day and a.user_id = p.user_id
      )
      where kind is not null
      """;

  private static List<String> dayRows(Connection connection, LocalDate day) throws SQLException {
    String window =
        " where event_time >= date '" + day + "' and event_time < date '" + day.plusDays(1) + "'";
    List<String> rows =
        new ArrayList<>(
            rows(connection, "select * from raw.iap_transactions" + window + " order by 1"));
    rows.addAll(rows(connection, "select * from raw.user_actions" + window + " order by 1"));
    return rows;
  }

  private static Map<LocalDate, Long> actionsPerDay(Connection connection) throws SQLException {
    return rows(connection, "select event_time::date, count(*) from raw.user_actions group by 1")
        .stream()
        .map(row -> row.split("\\|"))
        .collect(Collectors.toMap(row -> LocalDate.parse(row[0]), row -> Long.parseLong(row[1])));
  }

  private static Map<DayOfWeek, Double> averagePerWeekday(Connection connection, String sql)
      throws SQLException {
    return rows(connection, sql).stream()
        .map(row -> row.split("\\|"))
        .collect(
            Collectors.groupingBy(
                row -> LocalDate.parse(row[0]).getDayOfWeek(),
                Collectors.averagingLong(row -> Long.parseLong(row[1]))));
  }
}
