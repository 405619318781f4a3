package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new project, as `tidemark init` makes it, is one every command accepts. */
class InitCommandTest {
  @TempDir Path dir;

  @Test
  void anEmptyProjectValidatesPlansAndRunsNothing() {
    Path project = dir.resolve("newproj");
    Cli.Result init = Cli.run("init", project.toString());
    assertThat(init.exitCode()).as(init.all()).isZero();

    Cli.Result validate = Cli.run("validate", "-p", project.toString());
    assertThat(validate.exitCode()).as(validate.all()).isZero();
    Cli.Result plan = Cli.run("plan", "-p", project.toString());
    assertThat(plan.exitCode()).as(plan.all()).isZero();
    assertThat(plan.out()).contains("Nothing to do");
  }
}
