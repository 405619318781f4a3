package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.examples.ExampleProjects;
import io.tidemark.examples.ExampleWiki;
import io.tidemark.examples.OutageReports;
import io.tidemark.examples.SubscriptionsGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The subscriptions example as shipped, its outage reports read from a wiki that answers like
 * Confluence: `load` copies the report pages, `run -s +outage_impact` builds the outage model on
 * them and on the day's revenue.
 */
class ExampleOutagesEndToEndTest {
  private static final LocalDate FIRST = LocalDate.of(2024, 1, 1);
  private static final LocalDate LAST = LocalDate.of(2024, 1, 21);

  @TempDir Path dir;

  @Test
  void outageReportsAreLoadedFromTheWikiAndTheOutageModelIsBuiltOnThem() throws Exception {
    ExampleProjects.copy("subscriptions", dir);
    try (Connection warehouse =
        DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"))) {
      new SubscriptionsGenerator(7L, 0.01, FIRST).generate(warehouse, FIRST, LAST);
    }
    List<OutageReports.Report> reports = new OutageReports(7L).between(FIRST, LAST);
    assertThat(reports).hasSizeGreaterThan(1);
    try (ExampleWiki wiki = ExampleWiki.serve(reports)) {
      Path sources = dir.resolve("models/sources.yml");
      String text = Files.readString(sources, StandardCharsets.UTF_8);
      assertThat(text).contains("url: https://wiki.example.com/wiki");
      Files.writeString(
          sources,
          text.replace("https://wiki.example.com/wiki", wiki.url()),
          StandardCharsets.UTF_8);

      Cli.Result load = cli("load", "-s", "outage_reports");
      assertThat(load.exitCode()).as(load.all()).isZero();
      assertThat(count("select count(*) from wiki.outage_reports")).isEqualTo(reports.size());

      Cli.Result run =
          cli("run", "-s", "+outage_impact", "--start", FIRST.toString(), "--end", LAST.toString());
      assertThat(run.exitCode()).as(run.all()).isZero();
    }
    assertThat(count("select count(*) from marts.outage_impact")).isEqualTo(reports.size());
    OutageReports.Report first = reports.get(0);
    assertThat(
            count(
                "select duration_minutes from marts.outage_impact where report_id = '"
                    + first.id()
                    + "' and severity = '"
                    + first.severity()
                    + "' and url like '%/spaces/OPS/pages/"
                    + first.id()
                    + "'"))
        .isEqualTo(Duration.between(first.startedAt(), first.resolvedAt()).toMinutes());
    assertThat(count("select count(*) from marts.outage_impact where purchases_on_day > 0"))
        .isPositive();
  }

  private Cli.Result cli(String... args) {
    String[] all = new String[args.length + 3];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "-p";
    all[args.length + 1] = dir.toString();
    all[args.length + 2] = "--no-color";
    return Cli.run(all);
  }

  private long count(String sql) throws Exception {
    try (Connection warehouse =
            DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("warehouse.duckdb"));
        var statement = warehouse.createStatement();
        var rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
