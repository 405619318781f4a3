package io.tidemark.core.project;

import static io.tidemark.core.project.ProjectFiles.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.TidemarkException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad YAML, settings and mappings name their file and line, all reported together. */
class ProjectDeclarationProblemsTest {
  @TempDir Path directory;

  private ProjectFiles project() {
    return ProjectFiles.minimal(directory);
  }

  @Test
  void aMissingConfigSuggestsTidemarkInit() {
    TidemarkException failure = ProjectFiles.in(directory).model("a", "select 1").loadFailure();

    assertInvalid(failure, "no tidemark.yml in", "tidemark init");
  }

  @Test
  void aMissingRequiredKeyInTheConfigNamesTheFile() {
    TidemarkException failure = ProjectFiles.in(directory).config("name: test\n").loadFailure();

    assertInvalid(failure, "tidemark.yml:1", "'start' is required");
  }

  @Test
  void aYamlSyntaxErrorNamesFileAndLine() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml(
                "x.yml",
                """
                models:
                  - name: a
                    description: [unclosed
                """)
            .loadFailure();

    assertInvalid(failure, Path.of("models/x.yml") + ":", "invalid YAML");
  }

  @Test
  void aYamlSyntaxErrorNamesTheLineOfTheMistake() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml(
                "x.yml",
                """
                models:
                  - name: a
                   description: misaligned
                  - name: b
                """)
            .loadFailure();

    assertInvalid(failure, Path.of("models/x.yml") + ":3: invalid YAML");
  }

  @Test
  void anUnknownYamlKeyIsATypo() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml(
                "models.yml",
                """
                models:
                  - name: a
                    desciption: the a model
                """)
            .loadFailure();

    assertInvalid(
        failure, Path.of("models/models.yml") + ":3: unknown key 'desciption'", "description");
  }

  @Test
  void anUnknownKeyInTheConfigIsATypo() {
    TidemarkException failure =
        ProjectFiles.in(directory)
            .config("name: test\nstart: 2024-01-01\nshema: marts\n")
            .loadFailure();

    assertInvalid(failure, "tidemark.yml:3: unknown key 'shema'");
  }

  @Test
  void anUnknownPipelineNamesTheLine() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml(
                "models.yml",
                """
                models:
                  - name: a
                    pipeline: nighlty
                """)
            .loadFailure();

    assertInvalid(failure, Path.of("models/models.yml") + ":3: unknown pipeline 'nighlty'");
  }

  @Test
  void aBadCronNamesTheLine() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml(
                "models.yml",
                """
                models:
                  - name: a
                    schedule: "0 25 * * *"
                """)
            .loadFailure();

    assertInvalid(failure, Path.of("models/models.yml") + ":3: invalid cron schedule '0 25 * * *'");
  }

  @Test
  void aBadPipelineCronNamesTheConfigLine() {
    TidemarkException failure =
        ProjectFiles.in(directory)
            .config(
                """
                name: test
                start: 2024-01-01
                pipelines:
                  nightly:
                    schedule: every night
                """)
            .loadFailure();

    assertInvalid(failure, "tidemark.yml:5: invalid cron schedule 'every night'");
  }

  @Test
  void aBadPipelineSettingNamesTheConfigLineAndField() {
    assertInvalid(
        pipelineFailure("timezone: Mars/Olympus"),
        "tidemark.yml:6:",
        "pipeline 'nightly': unknown timezone 'Mars/Olympus'");
    assertInvalid(
        pipelineFailure("catchup: 3 days"), "tidemark.yml:6:", "'3 days' is not a duration");
    assertInvalid(pipelineFailure("delay: soon"), "tidemark.yml:6:", "'soon' is not a duration");
    assertInvalid(pipelineFailure("wait_timeout: -1h"), "tidemark.yml:6:", "not a duration");
    assertInvalid(
        pipelineFailure("after: [nightly_raw]"),
        "tidemark.yml:6:",
        "pipeline 'nightly' runs after unknown pipeline 'nightly_raw' (declared: nightly)");
    assertInvalid(pipelineFailure("retries: 3"), "tidemark.yml:6:", "retries");
  }

  @Test
  void pipelinesWaitingForEachOtherInACircleAreRefused() {
    TidemarkException failure =
        ProjectFiles.in(directory)
            .config(
                """
                name: test
                start: 2024-01-01
                pipelines:
                  a: {schedule: "0 3 * * *", after: [b]}
                  b: {schedule: "0 4 * * *", after: [c]}
                  c: {schedule: "0 5 * * *", after: a}
                """)
            .loadFailure();

    assertInvalid(
        failure, "tidemark.yml:4:", "pipelines wait for each other in a circle: a -> b -> c -> a");
  }

  private TidemarkException pipelineFailure(String setting) {
    return ProjectFiles.in(directory)
        .config(
            """
            name: test
            start: 2024-01-01
            pipelines:
              nightly:
                schedule: "0 3 * * *"
                %s
            """
                .formatted(setting))
        .loadFailure();
  }

  @Test
  void anIncrementalModelNeedsPartitioning() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml(
                "models.yml",
                """
                models:
                  - name: a
                    materialized: incremental
                """)
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/models.yml") + ":2: model 'a' is incremental but has no partitioning");
  }

  @Test
  void aTableModelCannotBePartitioned() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml(
                "models.yml",
                """
                models:
                  - name: a
                    materialized: table
                    partitioning: {grain: day, column: day}
                """)
            .loadFailure();

    assertInvalid(
        failure, Path.of("models/models.yml") + ":4: only incremental models are partitioned");
  }

  @Test
  void anImpossibleMappingNamesTheDependsOnEntry() {
    TidemarkException failure =
        project()
            .yaml("sources.yml", ProjectFiles.DAILY_SOURCE)
            .model("a", "select count(*) from {{ source('raw', 'events') }}")
            .yaml(
                "models.yml",
                """
                models:
                  - name: a
                    depends_on:
                      - source: raw.events
                        mapping: window(7)
                """)
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/models.yml")
            + ":4: mapping 'window(7)' from raw.events to main.a is impossible",
        "window needs both assets partitioned");
  }

  @Test
  void aMappingForSomethingTheSqlDoesNotReadIsRejected() {
    TidemarkException failure =
        project()
            .model("a", "select 1 as x")
            .model("b", "select 2 as x")
            .yaml(
                "models.yml",
                """
                models:
                  - name: b
                    depends_on:
                      - ref: a
                        mapping: all
                """)
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/models.yml")
            + ":4: main.b declares a mapping for main.a but its SQL does not read it");
  }

  @Test
  void anUnknownMappingNamesItsLine() {
    TidemarkException failure =
        project()
            .model("a", "select 1 as x")
            .model("b", "select x from {{ ref('a') }}")
            .yaml(
                "models.yml",
                """
                models:
                  - name: b
                    depends_on:
                      - ref: a
                        mapping: same_day
                """)
            .loadFailure();

    assertInvalid(
        failure, Path.of("models/models.yml") + ":5: unknown partition mapping 'same_day'");
  }

  @Test
  void aSelfEdgeCannotReadItsOwnPartition() {
    TidemarkException failure =
        project()
            .model("a", "select * from {{ this }}")
            .yaml(
                "models.yml",
                """
                models:
                  - name: a
                    partitioning: {grain: day, column: day}
                    depends_on:
                      - this: true
                        mapping: identity
                """)
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/models.yml") + ":5: mapping 'identity' from main.a to main.a is impossible",
        "use 'previous'");
  }

  @Test
  void anUnknownMaterializationOrGrainNamesItsLine() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .model("b", "select 1")
            .yaml(
                "models.yml",
                """
                models:
                  - name: a
                    materialized: snapshot
                  - name: b
                    partitioning: {grain: week, column: day}
                """)
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/models.yml") + ":3: unknown materialization 'snapshot'",
        Path.of("models/models.yml") + ":5: unknown grain 'week'");
  }

  @Test
  void everyProblemIsReportedTogether() {
    TidemarkException failure =
        project()
            .model("a", "select * from {{ ref('missing') }}")
            .model("b", "select * from other.things")
            .model("c", "selec 1")
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/a.sql") + ":1: unknown model 'missing'",
        Path.of("models/b.sql") + ":1: reads undeclared table other.things",
        Path.of("models/c.sql") + ":1: SQL error");
    assertThat(failure.getMessage().lines()).hasSize(3);
  }

  @Test
  void problemsInSeveralYamlFilesAreReportedTogether() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml("one.yml", "models:\n  - name: ghost\n")
            .yaml("two.yml", "models:\n  - name: a\n    tgas: [x]\n")
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/one.yml") + ":2: model 'ghost' has no SQL file",
        Path.of("models/two.yml") + ":3: unknown key 'tgas'");
  }
}
