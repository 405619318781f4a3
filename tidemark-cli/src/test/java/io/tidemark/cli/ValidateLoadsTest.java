package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `validate` checks load blocks and the secrets they name, before anything connects. */
class ValidateLoadsTest {
  @TempDir Path dir;

  private TestProject project(String load) {
    TestProject project = TestProject.standard(dir);
    project.write(
        "models/sources.yml",
        """
        sources:
          - schema: raw
            tables:
              - name: events
                partitioning: {grain: day, column: event_time}
              - name: orders
                partitioning: {grain: day, column: created_at}
                load:
        """
            + load.indent(10));
    return project;
  }

  @Test
  void aSecretThatIsNotSetIsNamedWithItsFileAndLineUntilItIsSet() throws Exception {
    TestProject project =
        project(
            """
            from: jdbc
            url: jdbc:postgresql://db.internal:5432/shop
            user: reader
            password: ${secret:SHOP_PASSWORD}
            table: public.orders
            """);
    Cli.Result validate = project.cli("validate", "--no-color");
    assertThat(validate.exitCode()).isEqualTo(2);
    assertThat(validate.err().strip())
        .endsWith(
            "models/sources.yml:12: secret 'SHOP_PASSWORD' is not set (set it with `tidemark"
                + " secrets set SHOP_PASSWORD`)");
    assertThat(Files.exists(dir.resolve("warehouse.duckdb"))).isFalse();
    assertThat(Files.exists(dir.resolve(".tidemark/state.db"))).isFalse();

    SecretsCommandTest.withInput("x\n", "secrets", "set", "SHOP_PASSWORD", "-p", dir.toString());
    Cli.Result again = project.cli("validate", "--no-color");
    assertThat(again.exitCode()).as(again.all()).isZero();
  }

  @Test
  void everyProblemOfTheLoadsIsListedWithItsLine() {
    TestProject project =
        project(
            """
            from: prometheus
            url: http://prometheus.internal:9090
            query: up
            bearer_token: ${secret:PROM_TOKEN}
            """);
    project.write(
        "tidemark.yml",
        """
        name: test_project
        start: 2024-01-01
        warehouse:
          type: duckdb
          path: warehouse.duckdb
        state:
          url: jdbc:postgresql://127.0.0.1:5432/test?user=tidemark&password=${secret:STATE_PASSWORD}
        pipelines:
          daily:
            description: daily things
            schedule: "0 3 * * *"
        """);
    Cli.Result validate = project.cli("validate", "--no-color");
    assertThat(validate.exitCode()).isEqualTo(2);
    assertThat(validate.err())
        .contains("3 problems with loads:")
        .contains(
            "models/sources.yml:9: a prometheus load needs 'step': the resolution of the loaded"
                + " series, e.g. 1m")
        .contains("models/sources.yml:12: secret 'PROM_TOKEN' is not set")
        .contains("tidemark.yml:7: secret 'STATE_PASSWORD' is not set");
  }

  @Test
  void anUnknownSourceTypeNamesTheKnownOnes() {
    TestProject project = project("from: kafka\ntopic: orders\n");
    Cli.Result validate = project.cli("validate", "--no-color");
    assertThat(validate.exitCode()).isEqualTo(2);
    assertThat(validate.err())
        .contains(
            "models/sources.yml:9: unknown source type 'kafka' (known: confluence, files, jdbc,"
                + " prometheus)");
  }
}
