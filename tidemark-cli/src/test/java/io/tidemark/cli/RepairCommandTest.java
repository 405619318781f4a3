package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.state.NewRun;
import io.tidemark.core.state.Repair;
import io.tidemark.core.state.RunTrigger;
import io.tidemark.core.state.StateStore;
import io.tidemark.store.StateStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** invalidate, impact, repair and their bad input, on the small standard project. */
class RepairCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  TestProject project;

  @BeforeEach
  void buildJanuary() {
    project = TestProject.standard(dir).withEvents(5);
    Cli.Result first = project.run("2024-01-01", "2024-01-31");
    assertThat(first.exitCode()).as(first.all()).isZero();
  }

  private StateStore store() {
    return StateStores.open("jdbc:sqlite:.tidemark/state.db", project.root);
  }

  private long runCount() {
    try (StateStore store = store()) {
      return store.recentRuns(1000).size();
    }
  }

  private static JsonNode json(Cli.Result result) throws Exception {
    assertThat(result.exitCode()).as(result.all()).isZero();
    return JSON.readTree(result.out());
  }

  @Test
  void aRepairAboveConfirmAboveNeedsYesWhenNotOnATerminal() throws Exception {
    String config = Files.readString(project.root.resolve("tidemark.yml"));
    project.write(
        "tidemark.yml", config.replace("  retries: 0\n", "  retries: 0\n  confirm_above: 2\n"));
    long runs = runCount();

    Cli.Result refused =
        project.cli("repair", "daily_totals", "--start", "2024-01-10", "--end", "2024-01-12");

    assertThat(refused.exitCode()).as(refused.all()).isEqualTo(2);
    assertThat(refused.err())
        .contains("planned, more than run.confirm_above (2)")
        .contains("pass --yes");
    assertThat(runCount()).isEqualTo(runs);
    try (StateStore store = store()) {
      assertThat(store.recentRepairs(10)).isEmpty();
    }

    Cli.Result dryRun =
        project.cli(
            "repair", "daily_totals", "--start", "2024-01-10", "--end", "2024-01-12", "--dry-run");
    assertThat(dryRun.exitCode()).as(dryRun.all()).isZero();
    Cli.Result confirmed =
        project.cli(
            "repair", "daily_totals", "--start", "2024-01-10", "--end", "2024-01-12", "--yes");
    assertThat(confirmed.exitCode()).as(confirmed.all()).isZero();
    assertThat(runCount()).isEqualTo(runs + 1);
  }

  @Test
  void invalidateRecordsTheIncidentAndRepairRebuildsExactlyWhatReadTheBadDays() throws Exception {
    Cli.Result invalidate =
        project.cli(
            "invalidate",
            "daily_totals",
            "--start",
            "2024-01-10",
            "--end",
            "2024-01-11",
            "--reason",
            "double-counted refunds");
    assertThat(invalidate.exitCode()).as(invalidate.all()).isZero();
    assertThat(invalidate.out())
        .contains("Incident 1 recorded: marts.daily_totals 2024-01-10..2024-01-11 (2 partitions)");

    assertThat(project.cli("incidents").out())
        .contains("marts.daily_totals")
        .contains("double-counted refunds");
    assertThat(project.cli("status", "--stale").out())
        .contains("marts.daily_totals")
        .contains("invalid")
        .contains("2024-01-10..2024-01-11");

    JsonNode repair =
        json(
            project.cli(
                "repair",
                "daily_totals",
                "--start",
                "2024-01-10",
                "--end",
                "2024-01-11",
                "--format",
                "json"));
    List<String> assets = new ArrayList<>();
    repair.get("assets").forEach(a -> assets.add(a.get("asset").asText() + " " + a.get("ranges")));
    assertThat(assets)
        .containsExactlyInAnyOrder(
            "marts.daily_totals [\"2024-01-10..2024-01-11\"]",
            "marts.monthly_totals [\"2024-01\"]",
            "marts.cumulative_amount [\"2024-01-10..2024-01-31\"]",
            "marts.all_time [\"all\"]");
    assertThat(repair.get("tasks").asInt()).isEqualTo(2 + 1 + 22 + 1);
    assertThat(repair.get("run").get("succeeded").asInt()).isEqualTo(26);
    assertThat(project.cli("status", "--stale").out()).contains("Nothing is stale");
    assertThat(project.cli("repairs").out()).contains("succeeded").contains("marts.daily_totals");
  }

  @Test
  void dryRunStoresThePlanAndResumeRunsExactlyIt() throws Exception {
    JsonNode dryRun =
        json(
            project.cli(
                "repair",
                "raw.events",
                "--start",
                "2024-01-05",
                "--end",
                "2024-01-05",
                "--dry-run",
                "--format",
                "json"));
    long runsBefore = runCount();
    assertThat(dryRun.get("run").isNull()).isTrue();
    long id = dryRun.get("repair_id").asLong();

    JsonNode resumed =
        json(project.cli("repair", "--resume", String.valueOf(id), "--format", "json"));

    assertThat(resumed.get("run").get("succeeded").asLong())
        .isEqualTo(dryRun.get("tasks").asLong());
    assertThat(runCount()).isEqualTo(runsBefore + 1);
    Cli.Result again = project.cli("repair", "--resume", String.valueOf(id));
    assertThat(again.exitCode()).isZero();
    assertThat(again.out()).contains("already finished");
  }

  @Test
  void aFailedRepairResumesWithoutRedoingFinishedTasks() throws Exception {
    project.write(
        "models/marts/gate.sql",
        """
        select case when (select count(*) from {{ source('raw', 'switch') }}) = 0
                    then error('the switch is off') else 1 end as ok,
               (select count(*) from {{ ref('daily_totals') }}) as days
        """);
    project.write(
        "models/switch.yml",
        """
        sources:
          - schema: raw
            tables:
              - name: switch
        models:
          - name: gate
            materialized: table
        """);
    project.execute("create table raw.switch as select 1 as on_");
    assertThat(project.run("2024-01-01", "2024-01-31").exitCode()).isZero();
    project.execute("delete from raw.switch");

    Cli.Result failed =
        project.cli("repair", "daily_totals", "--start", "2024-01-03", "--end", "2024-01-03");
    assertThat(failed.exitCode()).as(failed.all()).isEqualTo(1);
    assertThat(failed.all()).contains("the switch is off").contains("repair --resume 1");

    project.execute("insert into raw.switch values (1)");
    JsonNode resumed = json(project.cli("repair", "--resume", "1", "--format", "json"));

    assertThat(resumed.get("tasks").asInt()).isEqualTo(1);
    assertThat(resumed.get("run").get("succeeded").asInt()).isEqualTo(1);
    try (StateStore store = store()) {
      assertThat(store.findRepair(1).map(Repair::status).orElseThrow().name())
          .isEqualTo("SUCCEEDED");
    }
  }

  @Test
  void aRepairOverlappingARunningOneIsRefusedAndNamesIt() throws Exception {
    JsonNode planned =
        json(
            project.cli(
                "repair",
                "daily_totals",
                "--start",
                "2024-01-20",
                "--end",
                "2024-01-20",
                "--dry-run",
                "--format",
                "json"));
    long id = planned.get("repair_id").asLong();
    try (StateStore store = store()) {
      // This process owns the run, so it counts as alive: the repair is running.
      store.startRepairRun(
          id,
          store.repairTasks(id),
          new NewRun(
              RunTrigger.REPAIR,
              "repair " + id,
              "2024-01-20",
              "2024-01-31",
              1,
              Instant.now(),
              Workspace.currentOwner()));
    }
    long runsBefore = runCount();

    Cli.Result refused =
        project.cli("repair", "daily_totals", "--start", "2024-01-25", "--end", "2024-01-25");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.err()).contains("repair " + id + " is running");
    assertThat(runCount()).isEqualTo(runsBefore);
  }

  @Test
  void anExclusionThatLeavesAGapIsShownAndRefusedUnlessAllowed() throws Exception {
    long runsBefore = runCount();
    Cli.Result refused =
        project.cli(
            "repair",
            "raw.events",
            "--start",
            "2024-01-05",
            "--end",
            "2024-01-05",
            "--exclude",
            "stg_events");

    assertThat(refused.exitCode()).isEqualTo(2);
    assertThat(refused.out()).contains("gap: staging.stg_events 2024-01-05 stays unrepaired");
    assertThat(refused.err()).contains("--allow-gaps");
    assertThat(runCount()).isEqualTo(runsBefore);
    assertThat(project.cli("repairs").out()).contains("No repairs yet");

    Cli.Result allowed =
        project.cli(
            "repair",
            "raw.events",
            "--start",
            "2024-01-05",
            "--end",
            "2024-01-05",
            "--exclude",
            "stg_events",
            "--allow-gaps");
    assertThat(allowed.exitCode()).as(allowed.all()).isZero();
    assertThat(allowed.out()).doesNotContain("staging.stg_events 2024-01-05 ·");
  }

  @Test
  void stopAtRebuildsTheAssetButNotItsReaders() throws Exception {
    JsonNode plan =
        json(
            project.cli(
                "repair",
                "raw.events",
                "--start",
                "2024-01-05",
                "--end",
                "2024-01-05",
                "--stop-at",
                "stg_events",
                "--dry-run",
                "--format",
                "json"));
    assertThat(plan.get("assets")).hasSize(1);
    assertThat(plan.get("assets").get(0).get("asset").asText()).isEqualTo("staging.stg_events");
  }

  @Test
  void aFailingErrorCheckStopsTheRepairFromPropagatingBelowIt() throws Exception {
    Path marts = project.root.resolve("models/marts/marts.yml");
    project.write(
        "models/marts/marts.yml",
        java.nio.file.Files.readString(marts)
            .replace(
                "  - name: daily_totals\n",
                "  - name: daily_totals\n    checks:\n      - expression: \"amount < 1000\"\n"));
    assertThat(project.run("2024-01-01", "2024-01-31").exitCode()).isZero();
    project.execute("update raw.events set amount = 5000 where event_id = 5000");

    JsonNode repair =
        JSON.readTree(
            project
                .cli(
                    "repair",
                    "raw.events",
                    "--start",
                    "2024-01-06",
                    "--end",
                    "2024-01-06",
                    "--format",
                    "json")
                .out());

    JsonNode run = repair.get("run");
    assertThat(run.get("status").asText()).isEqualTo("failed");
    assertThat(run.get("failed").asInt()).isEqualTo(1);
    List<String> skipped = new ArrayList<>();
    for (JsonNode failure : run.get("failures")) {
      if (failure.get("status").asText().equals("skipped")) {
        assertThat(failure.get("message").asText())
            .startsWith("blocked by check marts.daily_totals expression(amount < 1000)");
        skipped.add(failure.get("asset").asText() + " " + failure.get("partition").asText());
      }
    }
    assertThat(skipped)
        .contains(
            "marts.monthly_totals 2024-01",
            "marts.all_time all",
            "marts.cumulative_amount 2024-01-31");
    assertThat(project.cli("check", "--select", "daily_totals").exitCode()).isEqualTo(1);
  }

  @Test
  void badInputIsRefusedWithExitCodeTwoAndChangesNothing() {
    long runsBefore = runCount();
    List<String[]> cases =
        List.of(
            new String[] {"impact", "no_such_model"},
            new String[] {
              "repair", "no_such_model", "--start", "2024-01-05", "--end", "2024-01-05"
            },
            new String[] {"repair", "daily_totals", "--start", "2024-01-09", "--end", "2024-01-05"},
            new String[] {"repair", "daily_totals", "--start", "2023-06-01", "--end", "2023-06-05"},
            new String[] {"repair", "daily_totals"},
            new String[] {"repair", "--resume", "99"},
            new String[] {"repair", "daily_totals", "--stale"},
            new String[] {"repair", "--resume", "1", "--exclude", "x"},
            new String[] {
              "invalidate", "daily_totals", "--start", "2024-01-05", "--end", "2024-01-05"
            },
            new String[] {
              "invalidate",
              "daily_totals",
              "--start",
              "2024-01-05",
              "--end",
              "2024-01-05",
              "--reason",
              " "
            },
            new String[] {
              "repair",
              "raw.events",
              "--start",
              "2024-01-05",
              "--end",
              "2024-01-05",
              "--exclude",
              "tag:no_such_tag_or_asset("
            });
    for (String[] args : cases) {
      Cli.Result result = project.cli(args);
      assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result.all()).isEqualTo(2);
      assertThat(result.err()).as(String.join(" ", args)).startsWith("error: ");
    }
    assertThat(project.cli("impact", "no_such_model").err())
        .contains("unknown asset 'no_such_model'");
    assertThat(
            project
                .cli("repair", "daily_totals", "--start", "2023-06-01", "--end", "2023-06-05")
                .err())
        .contains("no materialised partitions");
    assertThat(project.cli("repair", "--resume", "99").err()).contains("unknown repair 99");
    assertThat(runCount()).isEqualTo(runsBefore);
    try (StateStore store = store()) {
      assertThat(store.recentRepairs(10)).isEmpty();
      assertThat(store.recentIncidents(10)).isEmpty();
      assertThat(
              store
                  .partitionsByAsset(List.of(AssetName.parse("marts.daily_totals")))
                  .get(AssetName.parse("marts.daily_totals"))
                  .values())
          .allMatch(s -> s.status().name().equals("MATERIALIZED"));
    }
  }
}
