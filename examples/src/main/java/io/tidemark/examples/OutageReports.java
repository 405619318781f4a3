package io.tidemark.examples;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.load.LoadColumn;
import io.tidemark.core.load.LoadType;
import io.tidemark.core.load.Staging;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.core.warehouse.WriteRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The outage reports of the subscriptions example, as the operations team writes them in the
 * company wiki: one page per outage, from a template whose page-properties table holds severity,
 * start, end and the affected service. Deterministic from a seed, like the rest of the example's
 * data: the same pages serve a wiki the Confluence load reads, or go straight into the table that
 * load makes ({@code wiki.outage_reports}).
 */
public final class OutageReports {
  /** The wiki space and label the example's load searches. */
  public static final String SPACE = "OPS";

  public static final String LABEL = "outage-report";

  private static final String[] SERVICES = {"payments", "checkout", "login", "content", "search"};
  private static final String[] SEVERITIES = {"SEV-1", "SEV-2", "SEV-2", "SEV-3", "SEV-3"};
  private static final String[] AUTHORS = {"Dana Ops", "Lee On-call", "Sam Reliability"};
  private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /**
   * One outage as its report page says it.
   *
   * @param created when the report was written: the day after the outage ended
   * @param lastModified the report's last edit
   */
  public record Report(
      String id,
      String title,
      String author,
      String severity,
      String affectedService,
      LocalDateTime startedAt,
      LocalDateTime resolvedAt,
      LocalDateTime created,
      LocalDateTime lastModified) {
    public Report {
      requireNonNull(id, "id is null");
      requireNonNull(title, "title is null");
    }

    /** The page's storage format: the page-properties table, then the story. */
    public String storage() {
      return "<ac:structured-macro ac:name=\"details\" ac:schema-version=\"1\">"
          + "<ac:rich-text-body><table><tbody>"
          + row("Severity", status(severity))
          + row("Started", startedAt.format(SHOWN))
          + row("Resolved", resolvedAt.format(SHOWN))
          + row("Affected service", affectedService)
          + "</tbody></table></ac:rich-text-body></ac:structured-macro>"
          + "<h2>What happened</h2><p>"
          + affectedService
          + " was unavailable for some users.</p>";
    }

    private static String row(String heading, String value) {
      return "<tr><th><p>" + heading + "</p></th><td><p>" + value + "</p></td></tr>";
    }

    private static String status(String severity) {
      String colour = severity.equals("SEV-1") ? "Red" : "Yellow";
      return "<ac:structured-macro ac:name=\"status\"><ac:parameter ac:name=\"colour\">"
          + colour
          + "</ac:parameter><ac:parameter ac:name=\"title\">"
          + severity
          + "</ac:parameter></ac:structured-macro>";
    }
  }

  private final long seed;

  public OutageReports(long seed) {
    this.seed = seed;
  }

  /** The outages that started in {@code [first, last]}: about one a week, in time order. */
  public List<Report> between(LocalDate first, LocalDate last) {
    Random random = new Random(seed * 31 + 7);
    List<Report> reports = new ArrayList<>();
    LocalDate day = first.plusDays(random.nextInt(4));
    int number = 1;
    while (!day.isAfter(last)) {
      LocalDateTime started = day.atTime(random.nextInt(22), random.nextInt(60));
      LocalDateTime resolved = started.plusMinutes(10 + random.nextInt(230));
      String service = SERVICES[random.nextInt(SERVICES.length)];
      LocalDateTime created = resolved.plusDays(1).withHour(10).withMinute(random.nextInt(60));
      LocalDateTime modified = created.plusHours(random.nextInt(3) * 24L + random.nextInt(5));
      reports.add(
          new Report(
              String.valueOf(4000 + number),
              "Outage " + day + ": " + service,
              AUTHORS[random.nextInt(AUTHORS.length)],
              SEVERITIES[random.nextInt(SEVERITIES.length)],
              service,
              started,
              resolved,
              created,
              modified));
      number++;
      day = day.plusDays(4 + random.nextInt(7));
    }
    return reports;
  }

  /**
   * Writes {@code reports} as the Confluence load would into {@code wiki.outage_reports}, their
   * addresses under {@code wikiUrl}, replacing what the table held.
   */
  /**
   * Writes {@code wiki.outage_reports} into the session's warehouse: through its JDBC connection
   * when it has one, otherwise staged through the engine's own loading path and made by its table
   * write (Spark).
   */
  public static void writeTable(WarehouseSession session, List<Report> reports, String wikiUrl)
      throws SQLException {
    Optional<Connection> jdbc = session.jdbcConnection();
    if (jdbc.isPresent()) {
      writeTable(jdbc.get(), reports, wikiUrl);
      return;
    }
    List<LoadColumn> columns =
        List.of(
            LoadColumn.of("id", LoadType.VARCHAR),
            LoadColumn.of("title", LoadType.VARCHAR),
            LoadColumn.of("url", LoadType.VARCHAR),
            LoadColumn.of("space", LoadType.VARCHAR),
            LoadColumn.of("author", LoadType.VARCHAR),
            LoadColumn.of("created", LoadType.TIMESTAMP),
            LoadColumn.of("last_modified", LoadType.TIMESTAMP),
            LoadColumn.of("version", LoadType.BIGINT),
            LoadColumn.of("severity", LoadType.VARCHAR),
            LoadColumn.of("started_at", LoadType.TIMESTAMP),
            LoadColumn.of("resolved_at", LoadType.TIMESTAMP),
            LoadColumn.of("affected_service", LoadType.VARCHAR));
    try (Staging.StagedRows rows = StagedRawTables.stagingOf(session).stage(columns)) {
      for (Report report : reports) {
        rows.append(
            new Object[] {
              report.id(),
              report.title(),
              wikiUrl + "/spaces/" + SPACE + "/pages/" + report.id(),
              SPACE,
              report.author(),
              report.created(),
              report.lastModified(),
              1L,
              report.severity(),
              report.startedAt(),
              report.resolvedAt(),
              report.affectedService()
            });
      }
      rows.finish();
      session.write(
          new WriteRequest(
              AssetName.of("wiki", "outage_reports"),
              Materialization.TABLE,
              Partitioning.NONE,
              PartitionKey.ALL,
              "select * from " + rows.relation(),
              0));
    }
  }

  public static void writeTable(Connection connection, List<Report> reports, String wikiUrl)
      throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("create schema if not exists wiki");
      statement.execute("drop table if exists wiki.outage_reports");
      statement.execute(
          "create table wiki.outage_reports (id varchar, title varchar, url varchar,"
              + " space varchar, author varchar, created timestamp, last_modified timestamp,"
              + " version bigint, severity varchar, started_at timestamp, resolved_at timestamp,"
              + " affected_service varchar)");
    }
    try (PreparedStatement insert =
        connection.prepareStatement(
            "insert into wiki.outage_reports values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (Report report : reports) {
        insert.setString(1, report.id());
        insert.setString(2, report.title());
        insert.setString(3, wikiUrl + "/spaces/" + SPACE + "/pages/" + report.id());
        insert.setString(4, SPACE);
        insert.setString(5, report.author());
        insert.setTimestamp(6, Timestamp.valueOf(report.created()));
        insert.setTimestamp(7, Timestamp.valueOf(report.lastModified()));
        insert.setLong(8, 1);
        insert.setString(9, report.severity());
        insert.setTimestamp(10, Timestamp.valueOf(report.startedAt()));
        insert.setTimestamp(11, Timestamp.valueOf(report.resolvedAt()));
        insert.setString(12, report.affectedService());
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
