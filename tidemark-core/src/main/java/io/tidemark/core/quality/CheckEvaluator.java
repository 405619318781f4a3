package io.tidemark.core.quality;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.CheckStatus;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.warehouse.QueryResult;
import io.tidemark.core.warehouse.SqlDialect;
import io.tidemark.core.warehouse.WarehouseSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Evaluates an asset's checks on one partition, in the warehouse (one or two small queries per
 * check, filtered to the partition), and the volume check from stored row counts alone.
 */
public final class CheckEvaluator {
  /** Failing rows kept as a sample per check. */
  public static final int SAMPLE_ROWS = 5;

  private final Clock clock;
  private final ReconciliationRunner reconciliations;

  /** Checks evaluated in the warehouse the asset lives in; reconciliations by a join. */
  public static CheckEvaluator standard(
      Clock clock, java.util.function.Function<AssetName, Asset> assets) {
    return new CheckEvaluator(clock, new JoinReconciliationRunner(assets));
  }

  public CheckEvaluator(Clock clock, ReconciliationRunner reconciliations) {
    this.clock = requireNonNull(clock, "clock is null");
    this.reconciliations = requireNonNull(reconciliations, "reconciliations is null");
  }

  /**
   * @param rowHistory the asset's row count per partition start, as stored (the partition being
   *     judged included); partitions missing from it count as missing
   * @param arrivedAt when the partition's current data arrived: when it was written, or when a scan
   *     first saw a source's rows; null when it has not (yet)
   */
  public List<CheckResult> evaluate(
      WarehouseSession session,
      Asset asset,
      List<Check> checks,
      PartitionKey partition,
      long runId,
      RowHistory rowHistory,
      Instant arrivedAt) {
    List<CheckResult> results = new ArrayList<>(checks.size());
    for (Check check : checks) {
      Outcome outcome;
      try {
        outcome = evaluate(session, asset, check, partition, rowHistory, arrivedAt);
      } catch (TidemarkException e) {
        outcome = new Outcome(CheckStatus.ERROR, "", "", List.of(), firstLine(e.getMessage()));
      }
      results.add(
          new CheckResult(
              runId,
              asset.name(),
              check.id(),
              partition.toString(),
              outcome.status,
              severity(check, outcome.status),
              outcome.observed,
              outcome.expected,
              outcome.sample,
              outcome.message,
              clock.instant()));
    }
    return results;
  }

  /** An asset's checks to judge on some of its partitions. */
  public record Target(Asset asset, List<Check> checks, List<PartitionKey> partitions) {
    public Target {
      requireNonNull(asset, "asset is null");
      checks = List.copyOf(checks);
      partitions = List.copyOf(partitions);
    }
  }

  /**
   * Judges the checks that read no table (see {@link Check#readsTable()}) of many assets at once,
   * from the row counts the store keeps: one read of every asset's counts, then the assets judged
   * on all cores. Checks that read tables are left out. Results come in the order of {@code
   * targets}, each target's partitions in order.
   */
  public List<CheckResult> judgeStored(StateStore store, List<Target> targets, long runId) {
    List<Asset> judged = new ArrayList<>();
    for (Target target : targets) {
      if (target.checks().stream().anyMatch(check -> !check.readsTable())) {
        judged.add(target.asset());
      }
    }
    if (judged.isEmpty()) {
      return List.of();
    }
    Map<AssetName, RowHistory> histories = RowHistory.read(store, judged);
    List<List<CheckResult>> results =
        targets.parallelStream()
            .map(
                target -> {
                  RowHistory history = histories.get(target.asset().name());
                  if (history == null) {
                    return List.<CheckResult>of();
                  }
                  List<Check> stored =
                      target.checks().stream().filter(check -> !check.readsTable()).toList();
                  List<CheckResult> own = new ArrayList<>();
                  for (PartitionKey partition : target.partitions()) {
                    own.addAll(
                        evaluate(null, target.asset(), stored, partition, runId, history, null));
                  }
                  return own;
                })
            .toList();
    return results.stream().flatMap(List::stream).toList();
  }

  private Outcome evaluate(
      WarehouseSession session,
      Asset asset,
      Check check,
      PartitionKey partition,
      RowHistory rowHistory,
      Instant arrivedAt) {
    SqlDialect dialect = session == null ? SqlDialect.STANDARD : session.dialect();
    String table = dialect.relation(asset.name());
    String where = CheckSql.partitionFilter(dialect, asset, partition);
    if (check instanceof Check.NotNull c) {
      return failingRows(
          session,
          check,
          "select * from "
              + table
              + " where "
              + where
              + " and "
              + dialect.identifier(c.column())
              + " is null",
          "null " + c.column());
    }
    if (check instanceof Check.Unique c) {
      String columns = String.join(", ", c.columns().stream().map(dialect::identifier).toList());
      return failingRows(
          session,
          check,
          "select "
              + columns
              + ", count(*) as copies from "
              + table
              + " where "
              + where
              + " group by "
              + columns
              + " having count(*) > 1",
          "duplicated key");
    }
    if (check instanceof Check.AcceptedValues c) {
      String values = String.join(", ", c.values().stream().map(dialect::string).toList());
      return failingRows(
          session,
          check,
          "select * from "
              + table
              + " where "
              + where
              + " and "
              + dialect.identifier(c.column())
              + " is not null and "
              + dialect.castToText(dialect.identifier(c.column()))
              + " not in ("
              + values
              + ")",
          "value outside " + c.values());
    }
    if (check instanceof Check.Relationships c) {
      return failingRows(
          session,
          check,
          "select * from "
              + table
              + " t where "
              + where
              + " and t."
              + dialect.identifier(c.column())
              + " is not null and not exists (select 1 from "
              + dialect.relation(c.to())
              + " r where r."
              + dialect.identifier(c.field())
              + " = t."
              + dialect.identifier(c.column())
              + ")",
          c.column() + " without a match in " + c.to() + "." + c.field());
    }
    if (check instanceof Check.Expression c) {
      return failingRows(
          session,
          check,
          "select * from "
              + table
              + " where "
              + where
              + " and not coalesce(("
              + c.condition()
              + "), false)",
          "row not meeting " + c.condition());
    }
    if (check instanceof Check.Sql c) {
      return failingRows(
          session, check, CheckSql.render(c.query(), table, partition), "row returned");
    }
    if (check instanceof Check.RowCount c) {
      long rows = count(session, "select count(*) from " + table + " where " + where);
      boolean ok = (c.min() < 0 || rows >= c.min()) && (c.max() < 0 || rows <= c.max());
      String expected =
          (c.min() < 0 ? "" : String.valueOf(c.min()))
              + ".."
              + (c.max() < 0 ? "" : String.valueOf(c.max()));
      return new Outcome(
          ok ? CheckStatus.PASS : failed(check),
          rows + " rows",
          expected + " rows",
          List.of(),
          ok ? "" : rows + " rows, expected " + expected);
    }
    if (check instanceof Check.Freshness c) {
      return c.byArrival()
          ? arrival(c, partition, arrivedAt)
          : freshness(session, dialect, c, table, where, partition);
    }
    if (check instanceof Check.VolumeAnomaly c) {
      return VolumeJudge.judge(c, partition, rowHistory);
    }
    if (check instanceof Check.Reconciliation c) {
      return reconciliations.run(session, asset, c, partition, where);
    }
    throw new IllegalStateException("unknown check " + check);
  }

  private Outcome failingRows(WarehouseSession session, Check check, String failing, String what) {
    long failures = count(session, "select count(*) from (" + failing + ") failures");
    if (failures == 0) {
      return new Outcome(CheckStatus.PASS, "0", "0", List.of(), "");
    }
    QueryResult sample = session.query(failing + " limit " + SAMPLE_ROWS, SAMPLE_ROWS);
    return new Outcome(
        failed(check),
        String.valueOf(failures),
        "0",
        sample(sample),
        failures + (failures == 1 ? " failing row: " : " failing rows: ") + what);
  }

  private Outcome freshness(
      WarehouseSession session,
      SqlDialect dialect,
      Check.Freshness c,
      String table,
      String where,
      PartitionKey partition) {
    QueryResult newest =
        session.query(
            "select max(" + dialect.identifier(c.column()) + ") from " + table + " where " + where,
            1);
    Object value = newest.rows().get(0).get(0);
    LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDateTime reference =
        partition.grain() == Grain.ALL || partition.end().isAfter(now) ? now : partition.end();
    if (value == null) {
      return new Outcome(failed(c), "no rows", "", List.of(), "no data at all in the partition");
    }
    LocalDateTime latest =
        LocalDateTime.parse(
            value.toString().replace(' ', 'T').replaceAll("[+Z].*$", "").length() == 10
                ? value + "T00:00"
                : value.toString().replace(' ', 'T').replaceAll("[+Z].*$", ""));
    Duration lag = Duration.between(latest, reference);
    String observed = "newest " + latest + " (" + describe(lag) + " before " + reference + ")";
    return late(c, lag, observed, "data is " + describe(lag) + " late");
  }

  /**
   * Whether a source partition's data has arrived, and if not, how long after the partition ended
   * it has been awaited. A partition whose data is there passes: its lateness was judged while it
   * was awaited (the results recorded then stay in the history), and data that is late but present
   * is no reason to hold back its readers. Its observed value tells when Tidemark first saw it.
   */
  private Outcome arrival(Check.Freshness c, PartitionKey partition, Instant arrivedAt) {
    if (partition.grain() == Grain.ALL) {
      return new Outcome(
          CheckStatus.SKIPPED,
          "",
          "",
          List.of(),
          "not judged: the source is unpartitioned, and arrival is judged per partition");
    }
    Instant end = partition.end().toInstant(ZoneOffset.UTC);
    if (arrivedAt != null) {
      Duration lag = Duration.between(end, arrivedAt);
      return new Outcome(
          CheckStatus.PASS,
          "first seen "
              + arrivedAt
              + (lag.isNegative() || lag.isZero()
                  ? ", before the partition ended"
                  : ", " + describe(lag) + " after the partition ended"),
          "",
          List.of(),
          "");
    }
    Instant now = clock.instant();
    if (!now.isAfter(end)) {
      return new Outcome(CheckStatus.PASS, "not arrived", "", List.of(), "partition still open");
    }
    Duration waited = Duration.between(end, now);
    String awaited = "not arrived " + describe(waited) + " after the partition ended";
    return late(c, waited, awaited, awaited);
  }

  /** Judges a delay against the check's thresholds. */
  private static Outcome late(Check.Freshness c, Duration lag, String observed, String message) {
    if (c.errorAfter() != null && lag.compareTo(c.errorAfter()) > 0) {
      return new Outcome(
          CheckStatus.FAIL, observed, "within " + describe(c.errorAfter()), List.of(), message);
    }
    if (c.warnAfter() != null && lag.compareTo(c.warnAfter()) > 0) {
      return new Outcome(
          CheckStatus.WARN, observed, "within " + describe(c.warnAfter()), List.of(), message);
    }
    return new Outcome(CheckStatus.PASS, observed, "", List.of(), "");
  }

  /** A warning is recorded as a warn-severity result, a failure as an error-severity one. */
  private static String severity(Check check, CheckStatus status) {
    return switch (status) {
      case WARN -> Severity.WARN.label();
      case FAIL -> Severity.ERROR.label();
      default -> check.severity().label();
    };
  }

  /** A DATE, TIMESTAMP or TIMESTAMPTZ value as the warehouse returns it, in UTC. */
  private static LocalDateTime timestamp(Object value) {
    if (value instanceof java.time.LocalDate date) {
      return date.atStartOfDay();
    }
    if (value instanceof LocalDateTime time) {
      return time;
    }
    if (value instanceof java.time.OffsetDateTime time) {
      return LocalDateTime.ofInstant(time.toInstant(), ZoneOffset.UTC);
    }
    if (value instanceof java.sql.Timestamp time) {
      return time.toLocalDateTime();
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate().atStartOfDay();
    }
    String text = value.toString().replace(' ', 'T');
    return text.length() == 10
        ? java.time.LocalDate.parse(text).atStartOfDay()
        : LocalDateTime.parse(text.replaceAll("[+Z].*$", ""));
  }

  static CheckStatus failed(Check check) {
    return check.severity() == Severity.ERROR ? CheckStatus.FAIL : CheckStatus.WARN;
  }

  private static long count(WarehouseSession session, String sql) {
    Object value = session.query(sql, 1).rows().get(0).get(0);
    return ((Number) value).longValue();
  }

  private static List<String> sample(QueryResult result) {
    List<String> rows = new ArrayList<>();
    for (List<Object> row : result.rows()) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        text.append(i == 0 ? "" : ", ")
            .append(result.columns().get(i))
            .append('=')
            .append(row.get(i));
      }
      rows.add(text.length() > 300 ? text.substring(0, 297) + "..." : text.toString());
    }
    return rows;
  }

  /** 45m, 2h, 2h 30m, 3d, 3d 4h. */
  static String describe(Duration duration) {
    long minutes = duration.toMinutes();
    if (minutes < 60) {
      return minutes + "m";
    }
    long hours = duration.toHours();
    if (hours < 48) {
      return hours + "h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + "m");
    }
    return duration.toDays() + "d" + (hours % 24 == 0 ? "" : " " + hours % 24 + "h");
  }

  private static String firstLine(String text) {
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }

  /** What one evaluation found. */
  public record Outcome(
      CheckStatus status, String observed, String expected, List<String> sample, String message) {}
}
