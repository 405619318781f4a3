package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `tidemark grants` refuses what it cannot do, says why, and changes nothing. */
class GrantsBadInputTest {
  @TempDir Path dir;

  @Test
  void anEngineWithoutUsersIsNamed() {
    TestProject project = TestProject.standard(dir).withEvents(2);

    Cli.Result result = project.cli("grants", "--role", "bi_reader");

    assertThat(result.exitCode()).isNotZero();
    assertThat(result.err()).contains("the duckdb warehouse has no database roles");
  }

  @Test
  void aRoleThatIsNoPlainNameAndASchemaWithoutModelsAreRefused() {
    TestProject project = TestProject.standard(dir).withEvents(2);

    Cli.Result badRole = project.cli("grants", "--role", "bi; drop table x");
    Cli.Result badSchema = project.cli("grants", "--role", "bi_reader", "--schema", "nowhere");

    assertThat(badRole.exitCode()).isNotZero();
    assertThat(badRole.err()).contains("role 'bi; drop table x' is not a plain name");
    assertThat(badSchema.exitCode()).isNotZero();
    assertThat(badSchema.err()).contains("schema 'nowhere' holds no model of the project");
  }
}
