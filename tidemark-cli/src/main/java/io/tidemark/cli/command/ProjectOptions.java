package io.tidemark.cli.command;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options shared by every command that works on a project. */
public final class ProjectOptions {
  @Option(
      names = {"-p", "--project"},
      paramLabel = "DIR",
      description = "Project directory (default: the current directory).")
  Path project = Path.of(".");

  @Option(
      names = "--state-url",
      paramLabel = "JDBC_URL",
      description =
          "State store to use instead of the one in tidemark.yml "
              + "(jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB).")
  String stateUrl;

  @Option(
      names = "--no-cache",
      description =
          "Load the project without its cache in .tidemark/project-cache/ (render and parse every"
              + " model), and leave the cache as it is.")
  boolean noCache;
}
