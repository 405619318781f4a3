package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Json;
import io.tidemark.cli.output.TextTable;
import io.tidemark.connectors.secret.EncryptedSecrets;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "secrets",
    mixinStandardHelpOptions = true,
    description = {
      "Encrypted secrets, referred to as ${secret:NAME} in tidemark.yml and sources.yml.",
      "Values are read from standard input or a prompt, never from the command line, and are"
          + " never printed."
    },
    subcommands = {
      SecretsCommand.Set.class,
      SecretsCommand.ListSecrets.class,
      SecretsCommand.Rotate.class,
      SecretsCommand.Delete.class
    })
public final class SecretsCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** A secret's value from a prompt on a terminal, or from standard input when piped. */
  static String readValue(String name, boolean piped) {
    Console console = System.console();
    if (console != null && !piped) {
      char[] typed = console.readPassword("value of %s: ", name);
      if (typed == null) {
        throw new TidemarkException(ErrorCode.INVALID_ARGUMENT, "no value given for " + name);
      }
      return checked(name, new String(typed));
    }
    try {
      InputStream in = System.in;
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      in.transferTo(buffer);
      String value = buffer.toString(StandardCharsets.UTF_8);
      // `echo value |` adds a line break that is not part of the value.
      if (value.endsWith("\r\n")) {
        value = value.substring(0, value.length() - 2);
      } else if (value.endsWith("\n")) {
        value = value.substring(0, value.length() - 1);
      }
      return checked(name, value);
    } catch (IOException e) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "cannot read the value of " + name + " from standard input");
    }
  }

  private static String checked(String name, String value) {
    if (value.isEmpty()) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "the value of "
              + name
              + " is empty (pipe it in: `printf %s VALUE | tidemark secrets set "
              + name
              + "`)");
    }
    return value;
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description =
          "Store a secret (replacing its value if it exists); the value is read from"
              + " standard input or a prompt.")
  public static final class Set extends ProjectCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The secret's name.")
    String name;

    @Option(
        names = "--stdin",
        description = "Read the value from standard input even on a terminal.")
    boolean stdin;

    @Override
    protected int run(Workspace workspace) {
      EncryptedSecrets secrets = workspace.secrets();
      boolean existed = secrets.exists(name);
      secrets.set(name, readValue(name, stdin));
      out().println((existed ? "replaced " : "stored ") + "secret " + name);
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the secrets' names and when they were set (never their values).")
  public static final class ListSecrets extends ProjectCommand {
    @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat format = OutputFormat.text;

    @Override
    protected int run(Workspace workspace) {
      List<EncryptedSecrets.SecretInfo> infos = workspace.secrets().list();
      if (format == OutputFormat.json) {
        out()
            .println(
                Json.write(
                    infos.stream()
                        .map(
                            info -> {
                              Map<String, Object> json = new LinkedHashMap<>();
                              json.put("name", info.name());
                              json.put("created_at", info.createdAt().toString());
                              json.put("updated_at", info.updatedAt().toString());
                              json.put("data_key", info.dataKey());
                              return json;
                            })
                        .toList()));
        return 0;
      }
      if (infos.isEmpty()) {
        out().println("No secrets. `tidemark secrets set NAME` stores one.");
        return 0;
      }
      TextTable table = new TextTable(List.of("name", "created", "updated", "data key"));
      for (EncryptedSecrets.SecretInfo info : infos) {
        table.add(
            List.of(
                info.name(),
                info.createdAt().toString(),
                info.updatedAt().toString(),
                info.dataKey()));
      }
      out().print(table.render(style));
      return 0;
    }
  }

  @Command(
      name = "rotate",
      mixinStandardHelpOptions = true,
      description = {
        "Give a secret a new value (from standard input or a prompt) under a new data key.",
        "With --keep-value, only re-encrypt the current value under a new data key."
      })
  public static final class Rotate extends ProjectCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The secret's name.")
    String name;

    @Option(names = "--keep-value", description = "Keep the value; only change the data key.")
    boolean keepValue;

    @Option(
        names = "--stdin",
        description = "Read the value from standard input even on a terminal.")
    boolean stdin;

    @Override
    protected int run(Workspace workspace) {
      EncryptedSecrets secrets = workspace.secrets();
      if (!secrets.exists(name)) {
        throw new TidemarkException(
            ErrorCode.NOT_FOUND,
            "secret '" + name + "' is not set; `tidemark secrets set " + name + "` stores it");
      }
      Optional<String> value = keepValue ? Optional.empty() : Optional.of(readValue(name, stdin));
      secrets.rotate(name, value);
      out().println("rotated secret " + name + (keepValue ? " (same value, new data key)" : ""));
      return 0;
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Remove a secret.")
  public static final class Delete extends ProjectCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "The secret's name.")
    String name;

    @Override
    protected int run(Workspace workspace) {
      if (!workspace.secrets().delete(name)) {
        throw new TidemarkException(ErrorCode.NOT_FOUND, "secret '" + name + "' is not set");
      }
      out().println("deleted secret " + name);
      return 0;
    }
  }
}
