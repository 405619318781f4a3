package io.tidemark.core.plan;

import static io.tidemark.core.plan.EventsProject.CLOCK;
import static io.tidemark.core.plan.EventsProject.JANUARY;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.graph.Selector;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.Project;
import io.tidemark.core.project.ProjectFiles;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlannerTest {
  @TempDir Path directory;

  private Project project;
  private Lineage lineage;

  @BeforeEach
  void writeProject() {
    project = EventsProject.writeTo(directory).load();
    lineage = new Lineage(project, CLOCK);
  }

  private Plan plan(String selection, TimeRange range, StoredStates states) {
    return plan(selection, range, false, states.asMap());
  }

  private Plan plan(
      String selection,
      TimeRange range,
      boolean force,
      Map<AssetName, Map<String, PartitionState>> states) {
    return new Planner(lineage)
        .plan(selection, new Selector(project).select(selection), range, force, states);
  }

  private StoredStates stored() {
    return new StoredStates(lineage);
  }

  /** The plan as "asset partition" -> reason, in plan order. */
  private static Map<String, TaskReason> reasons(Plan plan) {
    Map<String, TaskReason> reasons = new LinkedHashMap<>();
    plan.tasks().forEach(t -> reasons.put(t.task().toString(), t.reason()));
    return reasons;
  }

  private static List<String> partitionsOf(Plan plan, String asset) {
    return plan.tasks().stream()
        .filter(t -> t.task().asset().toString().equals(asset))
        .map(t -> t.task().partition().toString())
        .toList();
  }

  private static PlannedTask planned(Plan plan, String task) {
    return plan.tasks().stream()
        .filter(t -> t.task().toString().equals(task))
        .findFirst()
        .orElseThrow(() -> new AssertionError(task + " is not in the plan"));
  }

  private static List<String> days(int first, int last) {
    return IntStream.rangeClosed(first, last)
        .mapToObj(d -> LocalDate.of(2024, 1, d).toString())
        .toList();
  }

  private static Task task(String asset, String partition) {
    AssetName name = AssetName.parse(asset);
    Grain grain =
        partition.equals("all") ? Grain.ALL : partition.length() == 7 ? Grain.MONTH : Grain.DAY;
    return new Task(name, PartitionKey.parse(grain, partition));
  }

  private static void assertUpstreamFirst(Plan plan) {
    Set<Task> seen = new HashSet<>();
    for (PlannedTask planned : plan.tasks()) {
      assertThat(seen).as("upstream of %s", planned.task()).containsAll(planned.upstream());
      seen.add(planned.task());
    }
  }

  @Test
  void nothingBuiltPlansEveryPartitionAsMissing() {
    Plan plan = plan("", JANUARY, stored());

    assertThat(plan.tasks()).extracting(PlannedTask::reason).containsOnly(TaskReason.MISSING);
    assertThat(partitionsOf(plan, "main.clean_events")).isEqualTo(days(1, 31));
    assertThat(partitionsOf(plan, "main.weekly")).isEqualTo(days(1, 31));
    assertThat(partitionsOf(plan, "main.running_total")).isEqualTo(days(1, 31));
    assertThat(partitionsOf(plan, "main.monthly")).containsExactly("2024-01");
    assertThat(partitionsOf(plan, "main.summary")).containsExactly("all");
    assertThat(partitionsOf(plan, "raw.events")).isEmpty();
    assertThat(plan.tasks()).hasSize(95);
    assertThat(plan.upToDate()).isZero();
    assertThat(plan.warnings()).isEmpty();
  }

  @Test
  void missingTasksWaitForTheTasksOfThePlanTheyRead() {
    Plan plan = plan("", JANUARY, stored());

    assertUpstreamFirst(plan);
    assertThat(planned(plan, "main.clean_events 2024-01-05").upstream()).isEmpty();
    assertThat(planned(plan, "main.weekly 2024-01-05").upstream()).isEmpty();
    assertThat(planned(plan, "main.running_total 2024-01-01").upstream())
        .containsExactly(task("main.clean_events", "2024-01-01"));
    assertThat(planned(plan, "main.running_total 2024-01-05").upstream())
        .containsExactlyInAnyOrder(
            task("main.clean_events", "2024-01-05"), task("main.running_total", "2024-01-04"));
    assertThat(planned(plan, "main.monthly 2024-01").upstream())
        .hasSize(31)
        .allMatch(t -> t.asset().equals(AssetName.parse("main.clean_events")));
    assertThat(planned(plan, "main.summary all").upstream())
        .containsExactly(task("main.monthly", "2024-01"));
    assertThat(plan.downstream().get(task("main.clean_events", "2024-01-31")))
        .containsExactlyInAnyOrder(
            task("main.running_total", "2024-01-31"), task("main.monthly", "2024-01"));
  }

  @Test
  void everythingBuiltWithCurrentVersionsIsAnEmptyPlan() {
    Plan plan = plan("", JANUARY, stored().everythingBuilt());

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.upToDate()).isEqualTo(95);
    assertThat(plan.warnings()).isEmpty();
  }

  @Test
  void failedAndInvalidPartitionsRunAgain() {
    StoredStates states =
        stored()
            .everythingBuilt()
            .status("clean_events", "2024-01-03", PartitionStatus.FAILED)
            .status("weekly", "2024-01-04", PartitionStatus.INVALID);

    Plan plan = plan("clean_events weekly", JANUARY, states);

    assertThat(reasons(plan))
        .containsExactly(
            Map.entry("main.clean_events 2024-01-03", TaskReason.FAILED),
            Map.entry("main.weekly 2024-01-04", TaskReason.INVALID));
  }

  @Test
  void changedCodeRebuildsTheModel() {
    StoredStates states = stored().everythingBuilt();
    EventsProject.writeTo(directory)
        .model(
            "weekly",
            "select count(distinct user_id) as users, date '{{ partition_start }}' as day"
                + " from {{ source('raw', 'events') }}");
    reload();

    Plan plan = plan("", JANUARY, states);

    assertThat(partitionsOf(plan, "main.weekly")).isEqualTo(days(1, 31));
    assertThat(plan.tasks()).extracting(PlannedTask::reason).containsOnly(TaskReason.CODE_CHANGED);
    assertThat(plan.upToDate()).isEqualTo(95 - 31);
  }

  @Test
  void readersOfARebuiltModelRunBecauseTheirUpstreamRuns() {
    StoredStates states = stored().everythingBuilt();
    EventsProject.writeTo(directory)
        .model(
            "clean_events",
            "select * from {{ source('raw', 'events') }} where user_id is not null");
    reload();

    Plan plan = plan("", JANUARY, states);

    assertThat(planned(plan, "main.clean_events 2024-01-10").reason())
        .isEqualTo(TaskReason.CODE_CHANGED);
    assertThat(planned(plan, "main.running_total 2024-01-10").reason())
        .isEqualTo(TaskReason.UPSTREAM_RUNS);
    assertThat(planned(plan, "main.monthly 2024-01").reason()).isEqualTo(TaskReason.UPSTREAM_RUNS);
    assertThat(planned(plan, "main.summary all").reason()).isEqualTo(TaskReason.UPSTREAM_RUNS);
    assertThat(partitionsOf(plan, "main.weekly")).isEmpty();
    assertThat(plan.tasks()).hasSize(31 + 31 + 1 + 1);
    assertUpstreamFirst(plan);
  }

  @Test
  void aChangedSourcePartitionMakesOnlyItsReadersStale() {
    StoredStates states = stored().everythingBuilt().scanned("raw.events", "2024-01-10", "v2");

    Plan plan = plan("clean_events weekly", JANUARY, states);

    Map<String, TaskReason> expected = new LinkedHashMap<>();
    expected.put("main.clean_events 2024-01-10", TaskReason.STALE);
    days(10, 16).forEach(day -> expected.put("main.weekly " + day, TaskReason.STALE));
    assertThat(reasons(plan)).containsExactlyEntriesOf(expected);
    assertThat(plan.upToDate()).isEqualTo(31 + 31 - 8);
  }

  @Test
  void aChangedInputRunsForwardThroughPreviousOnlyAsTheEarlierDaysRun() {
    StoredStates states =
        stored()
            .everythingBuilt()
            .scanned("raw.events", "2024-01-10", "v2")
            .built("clean_events", "2024-01-10");

    Plan plan = plan("running_total", JANUARY, states);

    Map<String, TaskReason> expected = new LinkedHashMap<>();
    expected.put("main.running_total 2024-01-10", TaskReason.STALE);
    days(11, 31)
        .forEach(day -> expected.put("main.running_total " + day, TaskReason.UPSTREAM_RUNS));
    assertThat(reasons(plan)).containsExactlyEntriesOf(expected);
    assertThat(planned(plan, "main.running_total 2024-01-11").upstream())
        .containsExactly(task("main.running_total", "2024-01-10"));
    assertThat(plan.upToDate()).isEqualTo(9);
  }

  @Test
  void laterDaysOfACumulativeModelWaitUntilTheChangedDayIsRebuilt() {
    StoredStates states =
        stored()
            .everythingBuilt()
            .scanned("raw.events", "2024-01-10", "v2")
            .built("clean_events", "2024-01-10");
    TimeRange afterTheChange =
        TimeRange.ofDays(LocalDate.of(2024, 1, 12), LocalDate.of(2024, 1, 31));

    Plan plan = plan("running_total", afterTheChange, states);

    assertThat(plan.isEmpty()).isTrue();
    assertThat(plan.upToDate()).isEqualTo(20);
  }

  @Test
  void aChangedInputUpstreamOfTheSelectionIsNotReplanned() {
    StoredStates states = stored().everythingBuilt().scanned("raw.events", "2024-01-10", "v2");

    Plan plan = plan("monthly summary", JANUARY, states);

    assertThat(plan.isEmpty()).isTrue();
  }

  @Test
  void forceRebuildsEverySelectedPartition() {
    Plan plan = plan("+running_total", JANUARY, true, stored().everythingBuilt().asMap());

    assertThat(plan.tasks()).hasSize(62);
    assertThat(plan.tasks()).extracting(PlannedTask::reason).containsOnly(TaskReason.FORCED);
    assertThat(planned(plan, "main.running_total 2024-01-05").upstream())
        .containsExactlyInAnyOrder(
            task("main.clean_events", "2024-01-05"), task("main.running_total", "2024-01-04"));
    assertThat(plan.upToDate()).isZero();
  }

  @Test
  void partitionsComeOnlyFromTheRangeAndTheAssetsDomain() {
    EventsProject.writeTo(directory)
        .yaml(
            "late.yml",
            """
            models:
              - name: late
                start: 2024-01-28
                partitioning: {grain: day, column: day}
            """)
        .model("late", "select * from {{ ref('clean_events') }}");
    reload();
    TimeRange range = TimeRange.ofDays(LocalDate.of(2024, 1, 25), LocalDate.of(2024, 2, 10));

    Plan plan = plan("clean_events late monthly summary", range, stored());

    assertThat(partitionsOf(plan, "main.clean_events"))
        .containsExactly(
            "2024-01-25",
            "2024-01-26",
            "2024-01-27",
            "2024-01-28",
            "2024-01-29",
            "2024-01-30",
            "2024-01-31",
            "2024-02-01",
            "2024-02-02");
    assertThat(partitionsOf(plan, "main.late"))
        .containsExactly(
            "2024-01-28", "2024-01-29", "2024-01-30", "2024-01-31", "2024-02-01", "2024-02-02");
    assertThat(partitionsOf(plan, "main.monthly")).as("January is only partly in range").isEmpty();
    assertThat(partitionsOf(plan, "main.summary")).containsExactly("all");
  }

  @Test
  void anUnselectedInputThatWasNeverBuiltIsAWarning() {
    Plan plan = plan("running_total", JANUARY, stored());

    assertThat(plan.warnings())
        .containsExactly(
            "main.clean_events has 31 input partition(s) never built and not in this plan;"
                + " read by [main.running_total] (select with + to include upstream: +clean_events)");
    assertThat(planned(plan, "main.running_total 2024-01-05").upstream())
        .containsExactly(task("main.running_total", "2024-01-04"));
  }

  @Test
  void aNeverBuiltPartitionReadByManyTasksIsCountedOnce() {
    Plan plan = plan("running_total monthly", JANUARY, stored());

    assertThat(plan.warnings())
        .containsExactly(
            "main.clean_events has 31 input partition(s) never built and not in this plan;"
                + " read by [main.monthly, main.running_total]"
                + " (select with + to include upstream: +clean_events)");
  }

  @Test
  void anEndAfterTheLastCompleteDayIsCutAndSaysWhy() {
    // The clock stands early on 3 February: 3 and 4 February have not ended.
    Plan plan =
        plan(
            "clean_events",
            TimeRange.ofDays(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 4)),
            stored());

    assertThat(partitionsOf(plan, "main.clean_events")).containsExactly("2024-02-01", "2024-02-02");
    assertThat(plan.warnings())
        .containsExactly(
            "end 2024-02-04 cut to 2024-02-02: later days are not complete yet (today is"
                + " 2024-02-03 UTC); a day is built once it has ended");
  }

  @Test
  void anEndOnTheLastCompleteDayIsNotCut() {
    Plan plan =
        plan(
            "clean_events",
            TimeRange.ofDays(LocalDate.of(2024, 2, 1), LocalDate.of(2024, 2, 2)),
            stored());

    assertThat(plan.warnings()).isEmpty();
  }

  @Test
  void aSourceThatWasNeverScannedIsNoWarning() {
    Plan plan = plan("weekly", JANUARY, stored());

    assertThat(plan.warnings()).isEmpty();
    assertThat(plan.tasks()).hasSize(31);
  }

  private void reload() {
    project = ProjectFiles.in(directory).load();
    lineage = new Lineage(project, CLOCK);
  }

  @Test
  void statesOfTheSpansThePlannerNamesPlanExactlyAsEveryStateDoes() {
    StoredStates states =
        stored()
            .everythingBuilt()
            .scanned("raw.events", "2024-01-10", "v2")
            .scanned("raw.events", "2024-01-24", "v3");
    Map<AssetName, Map<String, PartitionState>> all = states.asMap();
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < 60; i++) {
      java.time.LocalDate first = java.time.LocalDate.of(2024, 1, 1).plusDays(random.nextInt(33));
      TimeRange range = TimeRange.ofDays(first, first.plusDays(random.nextInt(10)));
      for (String selection : List.of("", "weekly", "running_total", "+monthly", "clean_events+")) {
        java.util.Set<AssetName> selected = new Selector(project).select(selection);
        Map<AssetName, TimeRange> spans = new Planner(lineage).stateSpans(selected, range);
        Map<AssetName, Map<String, PartitionState>> within = new java.util.HashMap<>();
        all.forEach(
            (asset, byKey) -> {
              TimeRange span = spans.get(asset);
              if (span == null) {
                return;
              }
              byKey.forEach(
                  (key, state) -> {
                    PartitionKey partition = PartitionKey.parse(project.asset(asset).grain(), key);
                    if (partition.grain() == Grain.ALL
                        || span.overlaps(partition.start(), partition.end())) {
                      within.computeIfAbsent(asset, a -> new java.util.HashMap<>()).put(key, state);
                    }
                  });
            });

        assertThat(reasons(plan(selection, range, false, within)))
            .as("%s over %s", selection, range)
            .isEqualTo(reasons(plan(selection, range, false, all)));
      }
    }
  }
}
