package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every command, fed bad input: exit 2, a message of one line (plus at most a pointer to --help)
 * that names what is wrong in the user's words (no Java class names, no stack trace), and nothing
 * changed in the warehouse or the state store.
 */
class BadInputTableTest {
  static Path dir;
  static TestProject project;
  static String before;

  @BeforeAll
  static void buildOnce() throws Exception {
    dir = Files.createTempDirectory("tidemark-bad-input");
    project = TestProject.standard(dir).withEvents(3);
    Cli.Result run = project.run("2024-01-01", "2024-01-03");
    assertThat(run.exitCode()).as(run.all()).isZero();
    project.write("series.csv", "timestamp,value\n2024-01-01,1\n2024-01-02,x\n");
    before = fingerprint();
  }

  static Stream<Arguments> badInputs() {
    return Stream.of(
        bad("must be at least 1, got 0", "run", "--threads", "0"),
        bad("must be at least 1, got -3", "run", "--threads", "-3"),
        bad("must be 0 or more, got -5", "run", "--retries", "-5"),
        bad("'many' is not a whole number", "run", "--threads", "many"),
        bad("'2026/11/20' is not a date; write YYYY-MM-DD", "plan", "--start", "2026/11/20"),
        bad("'2026-02-30' is not a date: February 2026 has 28 days", "plan", "--end", "2026-02-30"),
        bad("there is no month 13", "run", "--start", "2024-13-01"),
        bad("the selection is empty", "plan", "-s", ""),
        bad("the selection is empty", "run", "--select", "  "),
        bad("the selection is empty", "check", "-s", ""),
        bad(
            "--start 2024-01-05 is after --end 2024-01-01",
            "plan",
            "--start",
            "2024-01-05",
            "--end",
            "2024-01-01"),
        bad("no_such_model", "run", "-s", "no_such_model"),
        bad("raw.nothing", "impact", "raw.nothing", "--start", "2024-01-01", "--end", "2024-01-01"),
        bad("is not a date", "impact", "raw.events", "--start", "yesterday"),
        bad(
            "must be at least 1",
            "repair",
            "raw.events",
            "--start",
            "2024-01-01",
            "--threads",
            "0"),
        bad(
            "raw.nothing",
            "invalidate",
            "raw.nothing",
            "--start",
            "2024-01-01",
            "--end",
            "2024-01-01",
            "--reason",
            "bad load"),
        bad("no run with id 999", "runs", "show", "999"),
        bad("'abc'", "runs", "show", "abc"),
        bad("must be at least 1", "runs", "--limit", "0"),
        bad("must be at least 1", "repairs", "--limit", "-1"),
        bad("must be at least 1", "incidents", "--limit", "-2"),
        bad("'xml'", "status", "--format", "xml"),
        bad("--limit must be 0 or more", "sql", "--limit", "-1", "select 1"),
        bad("the SQL statement is empty", "sql", ""),
        bad("nosuch", "reconcile", "marts.daily_totals", "marts.nosuch", "--key", "event_date"),
        bad("series.csv:3", "anomalies", "score", "--input", "series.csv"),
        bad("missing.csv", "anomalies", "score", "--input", "missing.csv"));
  }

  private static Arguments bad(String expected, String... args) {
    return Arguments.of(String.join(" ", args), expected, args);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badInputs")
  void badInputExitsTwoWithOneClearLineAndChangesNothing(
      String command, String expected, String[] args) throws Exception {
    List<String> all = new ArrayList<>(List.of(args));
    boolean takesProject = !args[0].equals("anomalies");
    if (takesProject) {
      all.addAll(List.of("-p", project.path()));
    }
    Cli.Result result = Cli.run(all.stream().map(this::inProject).toArray(String[]::new));
    assertThat(result.exitCode()).as(result.all()).isEqualTo(2);
    List<String> lines = result.err().lines().filter(l -> !l.isBlank()).toList();
    assertThat(lines).as(result.err()).isNotEmpty().hasSizeLessThanOrEqualTo(2);
    assertThat(lines.get(0)).startsWith("error: ").contains(expected);
    if (lines.size() == 2) {
      assertThat(lines.get(1)).startsWith("see `tidemark");
    }
    assertThat(result.all())
        .doesNotContainPattern("java\\.[a-z]+\\.")
        .doesNotContainPattern("[A-Za-z]+(Exception|Error)\\b")
        .doesNotContain("\tat ");
    assertThat(fingerprint()).isEqualTo(before);
  }

  private String inProject(String arg) {
    return arg.endsWith(".csv") ? project.root.resolve(arg).toString() : arg;
  }

  /** Every table's rows in the warehouse and every table's rows in the state store, hashed. */
  static String fingerprint() throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    digestAll(
        "jdbc:duckdb:" + dir.resolve("warehouse.duckdb") + "?duckdb.read_only=true",
        "select table_schema || '.' || table_name from information_schema.tables" + " order by 1",
        " order by all",
        digest);
    digestAll(
        "jdbc:sqlite:" + dir.resolve(".tidemark/state.db"),
        "select name from sqlite_master where type = 'table' order by 1",
        " order by rowid",
        digest);
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void digestAll(String url, String tablesQuery, String order, MessageDigest digest)
      throws SQLException {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      List<String> tables = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery(tablesQuery)) {
        while (rows.next()) {
          tables.add(rows.getString(1));
        }
      }
      for (String table : tables) {
        digest.update(table.getBytes());

        try (ResultSet rows = statement.executeQuery("select * from " + table + order)) {
          int columns = rows.getMetaData().getColumnCount();
          while (rows.next()) {
            for (int i = 1; i <= columns; i++) {
              Object value = rows.getObject(i);
              digest.update(
                  value instanceof byte[] bytes ? bytes : String.valueOf(value).getBytes());
            }
          }
        }
      }
    }
  }
}
