package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.access.ReadAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "grants",
    mixinStandardHelpOptions = true,
    description = {
      "Create (or update) a read-only database role for BI tools: it logs in, reads every table"
          + " and view of the given schemas, including those later runs create again, and"
          + " changes nothing.",
      "Engines with database users only (postgres)."
    })
public final class GrantsCommand extends ProjectCommand {
  @Option(
      names = "--role",
      required = true,
      paramLabel = "ROLE",
      description = "The role to create or update, e.g. bi_reader.")
  String role;

  @Option(
      names = "--schema",
      paramLabel = "SCHEMA",
      description = "A schema to grant, repeatable (default: every schema holding models).")
  List<String> schemas = new ArrayList<>();

  @Option(
      names = "--password-env",
      paramLabel = "VAR",
      description =
          "An environment variable holding the role's password (default: keep the current one).")
  String passwordEnv;

  @Override
  protected int run(Workspace workspace) {
    Optional<String> password = Optional.empty();
    if (passwordEnv != null) {
      String value = System.getenv(passwordEnv);
      if (value == null || value.isEmpty()) {
        throw new TidemarkException(
            ErrorCode.INVALID_ARGUMENT,
            "--password-env names the environment variable " + passwordEnv + ", which is not set");
      }
      password = Optional.of(value);
    }
    ReadAccess access = workspace.readAccessService().grantReadOnly(role, password, schemas);
    for (String statement : access.statements()) {
      out().println(style.dim(statement + ";"));
    }
    out().println();
    out()
        .println(
            style.green("Role " + access.role())
                + " reads "
                + String.join(", ", access.schemas())
                + " and writes nothing. A BI tool connects with:");
    out().println("  JDBC URL  " + access.location());
    out().println("  user      " + access.role());
    out().println("  schemas   " + String.join(", ", access.schemas()));
    return 0;
  }
}
