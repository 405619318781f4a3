package io.tidemark.core.project;

import static io.tidemark.core.project.ProjectFiles.assertInvalid;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.TidemarkException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What models read must be declared: bad references name their file and line. */
class ProjectReferenceProblemsTest {
  @TempDir Path directory;

  private ProjectFiles project() {
    return ProjectFiles.minimal(directory);
  }

  @Test
  void anUnknownRefNamesTheLineOfTheRef() {
    TidemarkException failure =
        project()
            .model("a", "select 1 as x")
            .model(
                "b",
                """
                select x
                from {{ ref('a') }}
                join {{ ref('missing') }} using (x)
                """)
            .loadFailure();

    assertInvalid(failure, Path.of("models/b.sql") + ":3: unknown model 'missing' in ref()");
  }

  @Test
  void anUnknownSourceNamesTheLine() {
    TidemarkException failure =
        project()
            .yaml("sources.yml", ProjectFiles.DAILY_SOURCE)
            .model(
                "a",
                """
                select *
                from {{ source('raw', 'clicks') }}
                """)
            .loadFailure();

    assertInvalid(failure, Path.of("models/a.sql") + ":2: unknown source 'raw.clicks'");
  }

  @Test
  void anUnknownVarNamesTheLine() {
    TidemarkException failure =
        project()
            .model(
                "a",
                """
                select 1 as x
                where 2 > {{ var('threshold') }}
                """)
            .loadFailure();

    assertInvalid(failure, Path.of("models/a.sql") + ":2: unknown var 'threshold'");
  }

  @Test
  void aDependencyCycleShowsThePath() {
    TidemarkException failure =
        project()
            .model("a", "select * from {{ ref('b') }}")
            .model("b", "select * from {{ ref('a') }}")
            .loadFailure();

    assertInvalid(failure, "dependency cycle", ".sql:1");
    assertThat(failure.getMessage())
        .containsAnyOf("main.a -> main.b -> main.a", "main.b -> main.a -> main.b");
  }

  @Test
  void readingAnUndeclaredTableNamesTheLine() {
    TidemarkException failure =
        project()
            .model(
                "a",
                """
                select *
                from other.things
                """)
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/a.sql") + ":2: reads undeclared table other.things",
        "declare it under sources:");
  }

  @Test
  void anUndeclaredTableIsFoundOnItsOwnLineNotInsideAColumnName() {
    TidemarkException failure =
        project()
            .model(
                "a",
                """
                select things_total
                from things
                """)
            .loadFailure();

    assertInvalid(failure, Path.of("models/a.sql") + ":2: reads undeclared table things");
  }

  @Test
  void readingADeclaredSourceLiterallySuggestsSource() {
    TidemarkException failure =
        project()
            .yaml("sources.yml", ProjectFiles.DAILY_SOURCE)
            .model(
                "a",
                """
                -- events of the day
                select *
                from raw.events
                """)
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/a.sql") + ":3: reads raw.events directly",
        "{{ source('raw', 'events') }}");
  }

  @Test
  void readingAModelLiterallySuggestsRef() {
    TidemarkException failure =
        project().model("a", "select 1 as x").model("b", "select x from main.a").loadFailure();

    assertInvalid(failure, Path.of("models/b.sql") + ":1: reads main.a directly", "ref('a')");
  }

  @Test
  void aSqlSyntaxErrorNamesTheLine() {
    TidemarkException failure =
        project()
            .model(
                "a",
                """
                -- a typo on the second line
                selec 1 as x
                """)
            .loadFailure();

    assertInvalid(
        failure, Path.of("models/a.sql") + ":2: SQL error: syntax error at or near \"selec\"");
  }

  @Test
  void twoModelsWithTheSameNameAreRejected() {
    TidemarkException failure =
        project()
            .model("staging/orders", "select 1 as x")
            .model("marts/orders", "select 2 as x")
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/staging/orders.sql").toString(),
        "a model named 'orders' already exists in " + Path.of("models/marts/orders.sql") + ":1");
  }

  @Test
  void aSourceCannotShareTheNameOfAModel() {
    TidemarkException failure =
        project()
            .model("raw/events", "select 1")
            .yaml("sources.yml", ProjectFiles.DAILY_SOURCE)
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/sources.yml")
            + ":4: raw.events is already declared at "
            + Path.of("models/raw/events.sql")
            + ":1");
  }

  @Test
  void aModelDescribedTwiceNamesBothPlaces() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml("one.yml", "models:\n  - name: a\n")
            .yaml("two.yml", "models:\n  - name: a\n")
            .loadFailure();

    assertInvalid(
        failure,
        Path.of("models/two.yml")
            + ":2: model 'a' is already described at "
            + Path.of("models/one.yml")
            + ":2");
  }

  @Test
  void aModelEntryWithoutSqlFileNamesTheYamlLine() {
    TidemarkException failure =
        project()
            .model("a", "select 1")
            .yaml(
                "models.yml",
                """
                models:
                  - name: a
                  - name: ghost
                """)
            .loadFailure();

    assertInvalid(
        failure, Path.of("models/models.yml") + ":3: model 'ghost' has no SQL file", "ghost.sql");
  }
}
