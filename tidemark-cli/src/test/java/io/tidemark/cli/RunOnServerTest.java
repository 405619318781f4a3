package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.schedule.SchedulerOptions;
import io.tidemark.core.state.RunOwner;
import io.tidemark.server.ServerSettings;
import io.tidemark.server.TidemarkServer;
import io.tidemark.server.auth.AccessTokens;
import io.tidemark.store.JdbcStateStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * `tidemark run --server` and `repair --server` against a real server on a loopback port with
 * tokens: the work is queued and run in the server, followed from the command, which never opens
 * the project itself; refusals read as the server's problem, with the exit code of its kind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunOnServerTest {
  private static final String OPERATOR = AccessTokens.newToken();
  private static final String READER = AccessTokens.newToken();

  @TempDir static Path root;
  @TempDir static Path elsewhere;
  private static Workspace workspace;
  private static TidemarkServer server;
  private static String url;

  @BeforeAll
  static void startTheServer() throws Exception {
    TestProject project = TestProject.standard(root).withEvents(5);
    String config = Files.readString(root.resolve("tidemark.yml"));
    // No schedule: only what the tests ask for runs.
    config = config.replace("    schedule: \"0 3 * * *\"\n", "");
    Files.writeString(
        root.resolve("tidemark.yml"),
        config
            + "server:\n  tokens:\n"
            + "    - {name: ci, role: operator, sha256: "
            + AccessTokens.sha256(OPERATOR)
            + "}\n"
            + "    - {name: dashboards, role: read, sha256: "
            + AccessTokens.sha256(READER)
            + "}\n");
    Files.writeString(elsewhere.resolve("operator.token"), OPERATOR + "\n");
    Files.writeString(elsewhere.resolve("reader.token"), READER + "\n");
    Clock clock = Clock.fixed(Instant.parse("2024-01-04T06:00:00Z"), ZoneOffset.UTC);
    workspace = new Workspace(root, null, clock, new PrintWriter(new StringWriter(), true));
    JdbcStateStore store = (JdbcStateStore) workspace.store();
    server =
        new TidemarkServer(
                workspace.project(),
                workspace.warehouse(),
                store,
                store.schedules(),
                clock,
                new ServerSettings(0, Duration.ofSeconds(1), Duration.ofSeconds(5), 1)
                    .withAccess(ServerSettings.HOST, AccessTokens.read(root)),
                new SchedulerOptions(
                    "run-on-server-test",
                    Duration.ofSeconds(30),
                    new RunOwner("run-on-server-test", 1, Instant.EPOCH),
                    owner -> false,
                    Duration.ofMinutes(1)),
                workspace.loads())
            .start();
    url = "http://127.0.0.1:" + server.port();
  }

  @AfterAll
  static void stopTheServer() {
    if (server != null) {
      server.stop();
    }
    if (workspace != null) {
      workspace.close();
    }
  }

  /** The CLI run from a directory with no project: --server needs none. */
  private static Cli.Result cli(String... args) {
    String[] all = new String[args.length + 3];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = "-p";
    all[args.length + 1] = elsewhere.toString();
    all[args.length + 2] = "--no-color";
    return Cli.run(all);
  }

  private static String token(String name) {
    return elsewhere.resolve(name + ".token").toString();
  }

  @Test
  @Order(1)
  void aBackfillIsQueuedInTheServerAndFollowedToItsEnd() {
    Cli.Result run =
        cli(
            "run",
            "--server",
            url,
            "--token-file",
            token("operator"),
            "-s",
            "stg_events daily_totals",
            "--start",
            "2024-01-01",
            "--end",
            "2024-01-03");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.out())
        .contains("Queued on " + url + "/ as queued run 1: 6 tasks planned now")
        .containsPattern("running as run \\d+…")
        .containsPattern("Run \\d+ succeeded: 6 succeeded, 0 failed, 0 skipped\\.");
    assertThat(Files.exists(elsewhere.resolve("warehouse.duckdb"))).isFalse();
    assertThat(Files.exists(elsewhere.resolve(".tidemark"))).isFalse();

    Cli.Result again =
        cli(
            "run",
            "--server",
            url,
            "--token-file",
            token("operator"),
            "-s",
            "stg_events daily_totals",
            "--start",
            "2024-01-01",
            "--end",
            "2024-01-03");
    assertThat(again.exitCode()).as(again.all()).isZero();
    assertThat(again.out()).contains("Nothing to run: every partition asked for is up to date.");
  }

  @Test
  @Order(2)
  void aRepairIsPlannedOnTheServerThenResumedThere() {
    Cli.Result plan =
        cli(
            "repair",
            "raw.events",
            "--start",
            "2024-01-02",
            "--end",
            "2024-01-02",
            "--dry-run",
            "--server",
            url,
            "--token-file",
            token("operator"));

    assertThat(plan.exitCode()).as(plan.all()).isZero();
    assertThat(plan.out())
        .contains("Repair plan for raw.events 2024-01-02..2024-01-02: 2 partitions to rebuild")
        .contains("staging.stg_events  1 partition  2024-01-02")
        .contains("marts.daily_totals  1 partition  2024-01-02");
    Matcher stored = Pattern.compile("Stored as repair (\\d+) on the server").matcher(plan.out());
    assertThat(stored.find()).as(plan.out()).isTrue();

    Cli.Result resumed =
        cli(
            "repair",
            "--resume",
            stored.group(1),
            "--server",
            url,
            "--token-file",
            token("operator"));
    assertThat(resumed.exitCode()).as(resumed.all()).isZero();
    assertThat(resumed.out())
        .contains("Repair " + stored.group(1) + " queued on " + url + "/")
        .containsPattern("Run \\d+ succeeded: 2 succeeded, 0 failed, 0 skipped\\.");
  }

  @Test
  @Order(3)
  void refusalsAreTheServersWordsWithTheExitCodeOfTheirKind() {
    Cli.Result noToken =
        cli("run", "--server", url, "--start", "2024-01-01", "--end", "2024-01-01");
    assertThat(noToken.exitCode()).as(noToken.all()).isEqualTo(3);
    assertThat(noToken.err()).contains("the server refused").contains("TIDEMARK_TOKEN");

    Cli.Result reader =
        cli("run", "--server", url, "--token-file", token("reader"), "--end", "2024-01-01");
    assertThat(reader.exitCode()).as(reader.all()).isEqualTo(3);
    assertThat(reader.err()).contains("may only read");

    Cli.Result unknown =
        cli("run", "--server", url, "--token-file", token("operator"), "-s", "no_such_model");
    assertThat(unknown.exitCode()).as(unknown.all()).isEqualTo(2);
    assertThat(unknown.err()).contains("the server refused").contains("no_such_model");

    Cli.Result staleRepair =
        cli("repair", "--stale", "--server", url, "--token-file", token("operator"));
    assertThat(staleRepair.exitCode()).as(staleRepair.all()).isEqualTo(2);
    assertThat(staleRepair.err()).contains("with --server, name an ASSET");
  }

  @Test
  @Order(4)
  void aServerThatIsNotThereOrNotAnAddressIsAClearError() {
    Cli.Result gone = cli("run", "--server", "http://127.0.0.1:1", "--end", "2024-01-01");
    assertThat(gone.exitCode()).as(gone.all()).isEqualTo(1);
    assertThat(gone.err()).contains("cannot reach the Tidemark server at http://127.0.0.1:1/");

    Cli.Result notUrl = cli("run", "--server", "ftp://example", "--end", "2024-01-01");
    assertThat(notUrl.exitCode()).as(notUrl.all()).isEqualTo(2);
    assertThat(notUrl.err()).contains("is not an http(s) address");
  }
}
