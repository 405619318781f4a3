package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.state.CheckResult;
import io.tidemark.core.state.StateStore;
import io.tidemark.store.StateStores;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checks declared in YAML, evaluated by runs and by `tidemark check`, on the standard project. */
class ChecksTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void setUp() {
    project = TestProject.standard(dir).withEvents(5);
  }

  private void stagingChecks(String checks) {
    project.stagingProperties(checks);
  }

  private List<CheckResult> stored() {
    try (StateStore store = StateStores.open("jdbc:sqlite:.tidemark/state.db", project.root)) {
      return store.latestCheckResults(List.of());
    }
  }

  private JsonNode checkJson(String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("check", "--format", "json"));
    args.addAll(List.of(extra));
    Cli.Result result = project.cli(args.toArray(String[]::new));
    return JSON.readTree(result.out());
  }

  private static List<String> failing(JsonNode results) {
    List<String> failing = new ArrayList<>();
    for (JsonNode result : results) {
      String status = result.get("status").asText();
      if (!status.equals("pass") && !status.equals("skipped")) {
        failing.add(
            result.get("asset").asText()
                + " "
                + result.get("check").asText()
                + " "
                + result.get("partition").asText()
                + " "
                + result.get("status").asText());
      }
    }
    return failing;
  }

  @Test
  void runsEvaluateDeclaredChecksOnEveryPartitionTheyWrite() {
    stagingChecks(
        """
            checks:
              - unique: [event_id]
              - row_count: {min: 1}
              - expression: "amount > 0"
            columns:
              - name: user_id
                checks: [not_null, {relationships: {to: raw.events, field: user_id}}]
        """);
    Cli.Result run = project.run("2024-01-01", "2024-01-03");
    assertThat(run.exitCode()).as(run.all()).isZero();

    List<CheckResult> results = stored();
    assertThat(results)
        .filteredOn(r -> r.asset().toString().equals("staging.stg_events"))
        .extracting(CheckResult::check)
        .contains(
            "unique(event_id)",
            "row_count",
            "expression(amount > 0)",
            "not_null(user_id)",
            "relationships(user_id)",
            "volume_anomaly");
    // The volume check has no history to judge the first three days by: skipped, never passed.
    assertThat(results)
        .allMatch(
            r -> r.status().name().equals(r.check().equals("volume_anomaly") ? "SKIPPED" : "PASS"),
            "all pass but the volume check, skipped");
    assertThat(results).allMatch(r -> r.runId() > 0);
    assertThat(project.cli("status").out()).contains("ok");
  }

  @Test
  void anErrorCheckThatFailsBlocksTheReadersAndAWarningDoesNot() {
    stagingChecks(
        """
            checks:
              - expression: {condition: "amount <= 4", severity: error}
              - expression: {condition: "amount <= 3", severity: warn, name: small_amounts}
        """);
    Cli.Result run = project.run("2024-01-01", "2024-01-02");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.out()).contains("check staging.stg_events expression(amount <= 4) failed on");
    assertThat(run.out()).contains("blocked by check staging.stg_events expression(amount <= 4)");
    assertThat(stored())
        .anyMatch(r -> r.check().equals("small_amounts") && r.status().name().equals("WARN"));

    // The latest result still fails, so a run of the readers alone stays blocked.
    Cli.Result readers = project.run("2024-01-01", "2024-01-02", "--select", "daily_totals");
    assertThat(readers.exitCode()).isEqualTo(1);
    assertThat(readers.out()).contains("blocked by check staging.stg_events");
    assertThat(
            project.count(
                "select count(*) from information_schema.tables where table_name = 'daily_totals'"))
        .as("daily_totals was never built on blocked data")
        .isZero();
  }

  @Test
  void checkFindsEachKindOfPlantedProblemAndShowsFailingRows() throws Exception {
    stagingChecks(
        """
            checks:
              - unique: [event_id]
              - row_count: {min: 1, max: 4}
              - sql: "select * from {{ this }} where event_date >= date '{{ partition_start }}' and event_date < date '{{ partition_end }}' and amount = 5"
              - freshness: {column: event_time, warn_after: 1h, error_after: 30d}
            columns:
              - name: user_id
                checks: [not_null]
              - name: amount
                checks: [{accepted_values: {values: ["1.00", "2.00", "3.00", "4.00"]}}]
        """);
    project.execute(
        "insert into raw.events select event_id, null, event_time, amount from raw.events"
            + " where event_id = 2001");
    assertThat(project.run("2024-01-01", "2024-01-03").exitCode()).isEqualTo(1);

    JsonNode results =
        checkJson("--select", "stg_events", "--start", "2024-01-03", "--end", "2024-01-03");

    assertThat(failing(results))
        .contains(
            "staging.stg_events unique(event_id) 2024-01-03 fail",
            "staging.stg_events row_count 2024-01-03 fail",
            "staging.stg_events not_null(user_id) 2024-01-03 fail",
            "staging.stg_events sql 2024-01-03 fail")
        .doesNotContain("staging.stg_events sql 2024-01-03 error");
    JsonNode unique = null;
    for (JsonNode result : results) {
      if (result.get("check").asText().equals("unique(event_id)")) {
        unique = result;
      }
    }
    assertThat(unique.get("sample").get(0).asText()).contains("event_id=2001").contains("copies=2");
    assertThat(
            failing(
                checkJson(
                    "--select", "stg_events", "--start", "2024-01-01", "--end", "2024-01-01")))
        .contains("staging.stg_events accepted_values(amount) 2024-01-01 fail");
  }

  @Test
  void aReconciliationByJoinRecordsTheMismatchingKeys() throws Exception {
    stagingChecks(
        """
            checks:
              - reconciliation:
                  with: raw.events
                  key: [event_id]
                  columns: {amount: amount, user_id: user_id}
                  tolerance: 0.5
        """);
    assertThat(project.run("2024-01-01", "2024-01-02").exitCode()).isZero();
    project.execute(
        "update raw.events set amount = amount + 0.25 where event_id = 1000",
        "update raw.events set amount = amount + 3 where event_id = 1001",
        "delete from raw.events where event_id = 1002");

    JsonNode results =
        checkJson("--select", "stg_events", "--start", "2024-01-02", "--end", "2024-01-02");

    assertThat(failing(results))
        .containsExactly("staging.stg_events reconciliation(raw.events) 2024-01-02 fail");
    assertThat(results.toString()).contains("1 different").contains("1 missing in raw.events");
    assertThat(
            project.count(
                "select count(*) from tidemark_results.staging__stg_events__reconciliation"
                    + " where partition_key = '2024-01-02'"))
        .isEqualTo(2);
  }

  @Test
  void aCheckThatDidNotJudgeIsSkippedWithItsReasonAndCountedApart() throws Exception {
    assertThat(project.run("2024-01-01", "2024-01-05").exitCode()).isZero();

    JsonNode json = checkJson("--select", "stg_events");
    List<String> volume = new ArrayList<>();
    int skipped = 0;
    int pass = 0;
    for (JsonNode result : json) {
      String status = result.get("status").asText();
      skipped += status.equals("skipped") ? 1 : 0;
      pass += status.equals("pass") ? 1 : 0;
      if (result.get("check").asText().equals("volume_anomaly")) {
        volume.add(
            result.get("partition").asText() + " " + status + " " + result.get("message").asText());
      }
    }
    assertThat(volume)
        .containsExactly(
            "2024-01-01 skipped not judged: 0 partitions with rows before it, needs 3",
            "2024-01-02 skipped not judged: 1 partition with rows before it, needs 3",
            "2024-01-03 skipped not judged: 2 partitions with rows before it, needs 3",
            "2024-01-04 pass ",
            "2024-01-05 pass ");
    assertThat(skipped).isEqualTo(3);

    Cli.Result text = project.cli("check", "--select", "stg_events");
    assertThat(text.exitCode()).isZero();
    assertThat(text.out())
        .containsPattern(
            "staging\\.stg_events\\s+volume_anomaly\\s+skipped\\s+2024-01-01, 2024-01-02,"
                + " 2024-01-03")
        .containsPattern("staging\\.stg_events\\s+volume_anomaly\\s+pass\\s+2 partitions")
        .contains(
            "skipped staging.stg_events volume_anomaly 2024-01-01, 2024-01-02, 2024-01-03: not"
                + " judged: 0 partitions with rows before it, needs 3 … not judged: 2 partitions"
                + " with rows before it, needs 3")
        .contains(
            (pass + skipped) + " results: " + pass + " pass, 3 skipped, 0 warn, 0 fail, 0 error.");
    assertThat(project.cli("status").out()).contains("ok, 3 skipped");
  }

  @Test
  void aYoungTableHalvedOnItsEleventhDayWarns() throws Exception {
    project = TestProject.standard(dir).withEvents(10);
    assertThat(project.run("2024-01-01", "2024-01-10").exitCode()).isZero();
    project.execute(
        "delete from raw.events where event_time >= timestamp '2024-01-11'"
            + " and event_time < timestamp '2024-01-12' and event_id % 1000 >= 5");

    Cli.Result eleventh = project.run("2024-01-11", "2024-01-11");
    assertThat(eleventh.exitCode()).isZero();
    assertThat(eleventh.out())
        .contains("WARN  staging.stg_events 2024-01-11 · volume_anomaly: low: 5 rows");
    assertThat(
            failing(
                checkJson(
                    "--select", "stg_events", "--start", "2024-01-02", "--end", "2024-01-11")))
        .containsExactly("staging.stg_events volume_anomaly 2024-01-11 warn");
  }

  @Test
  void aZeroRowPartitionIsAVolumeAnomaly() throws Exception {
    assertThat(project.run("2024-01-01", "2024-01-20").exitCode()).isZero();
    project.execute("delete from raw.events where event_time >= timestamp '2024-01-20'");
    Cli.Result rebuilt = project.run("2024-01-20", "2024-01-20", "--force");
    assertThat(rebuilt.exitCode()).isZero();
    assertThat(rebuilt.out())
        .contains("WARN  staging.stg_events 2024-01-20 · volume_anomaly: zero");

    assertThat(
            failing(
                checkJson(
                    "--select", "stg_events", "--start", "2024-01-20", "--end", "2024-01-20")))
        .containsExactly("staging.stg_events volume_anomaly 2024-01-20 warn");
  }

  @Test
  void freshnessWithoutAColumnJudgesWhenEachPartitionArrived() throws Exception {
    project.sourceProperties(
        """
                checks:
                  - freshness: {warn_after: 12h, error_after: 2d}
        """);
    // Days whose data is there pass, whenever it came: nothing is held back.
    Cli.Result run = project.run("2024-01-01", "2024-01-02");
    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(
            failing(
                checkJson(
                    "--select", "raw.events", "--start", "2024-01-01", "--end", "2024-01-31")))
        .noneMatch(result -> result.contains("freshness"));

    // raw.events holds days up to 2024-01-31: the next one is awaited, far past error_after.
    JsonNode results =
        checkJson("--select", "raw.events", "--start", "2024-02-01", "--end", "2024-02-01");
    assertThat(failing(results)).contains("raw.events freshness 2024-02-01 fail");
    assertThat(results.toString()).containsPattern("not arrived \\d+d( \\d+h)? after");

    // A model's partitions do not arrive; its freshness names a column.
    stagingChecks(
        """
            checks:
              - freshness: {warn_after: 1h}
        """);
    Cli.Result model = project.cli("validate");
    assertThat(model.exitCode()).isEqualTo(2);
    assertThat(model.err())
        .contains("models/staging/staging.yml:7")
        .contains("freshness without a column judges when a source's partitions arrive");
  }

  @Test
  void badChecksAreRejectedWithTheirFileAndLineAndChangeNothing() {
    stagingChecks(
        """
            checks:
              - not_a_check
        """);
    Cli.Result unknown = project.run("2024-01-01", "2024-01-02");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err())
        .contains("models/staging/staging.yml:7")
        .contains("unknown check type 'not_a_check'");

    stagingChecks(
        """
            checks:
              - reconciliation: {with: raw.nowhere, key: [event_id]}
        """);
    assertThat(project.run("2024-01-01", "2024-01-02").err())
        .contains("refers to unknown asset raw.nowhere");

    stagingChecks("");
    assertThat(project.run("2024-01-01", "2024-01-02").exitCode()).isZero();
    stagingChecks(
        """
            columns:
              - name: no_such_column
                checks: [not_null]
        """);
    int before = stored().size();
    Cli.Result missing = project.cli("check");
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err())
        .contains("models/staging/staging.yml:")
        .contains("column 'no_such_column' does not exist in staging.stg_events");
    assertThat(stored()).hasSize(before);

    stagingChecks(
        """
            checks:
              - reconciliation: {with: raw.events, key: [event_date]}
        """);
    Cli.Result keyless = project.cli("check");
    assertThat(keyless.exitCode()).isEqualTo(2);
    assertThat(keyless.err()).contains("column 'event_date' does not exist in raw.events");
    assertThat(stored()).hasSize(before);
  }
}
