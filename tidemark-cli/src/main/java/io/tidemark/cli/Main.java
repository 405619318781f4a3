package io.tidemark.cli;

import io.tidemark.cli.command.AlertsCommand;
import io.tidemark.cli.command.AnomaliesCommand;
import io.tidemark.cli.command.Arguments;
import io.tidemark.cli.command.CheckCommand;
import io.tidemark.cli.command.CostsCommand;
import io.tidemark.cli.command.DemoCommand;
import io.tidemark.cli.command.GrantsCommand;
import io.tidemark.cli.command.ImpactCommand;
import io.tidemark.cli.command.IncidentsCommand;
import io.tidemark.cli.command.InitCommand;
import io.tidemark.cli.command.InvalidateCommand;
import io.tidemark.cli.command.LoadCommand;
import io.tidemark.cli.command.PlanCommand;
import io.tidemark.cli.command.ReconcileCommand;
import io.tidemark.cli.command.RepairCommand;
import io.tidemark.cli.command.RepairsCommand;
import io.tidemark.cli.command.RunCommand;
import io.tidemark.cli.command.RunsCommand;
import io.tidemark.cli.command.SecretsCommand;
import io.tidemark.cli.command.ServerCommand;
import io.tidemark.cli.command.SourcesCommand;
import io.tidemark.cli.command.SqlCommand;
import io.tidemark.cli.command.StatusCommand;
import io.tidemark.cli.command.ValidateCommand;
import io.tidemark.cli.command.VerifyCommand;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.warehouse.MachineResources;
import io.tidemark.core.warehouse.WarehouseConfig;
import io.tidemark.core.warehouse.WarehouseProvider;
import io.tidemark.core.warehouse.WarehouseProviders;
import io.tidemark.core.warehouse.WarehouseSetting;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tidemark} command line. Exit codes: 0 success, 1 tasks failed, 2 invalid input. */
@Command(
    name = "tidemark",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Partitioned SQL models on DuckDB, with state, lineage, checks and repair.",
    subcommands = {
      InitCommand.class,
      ValidateCommand.class,
      PlanCommand.class,
      RunCommand.class,
      LoadCommand.class,
      StatusCommand.class,
      RunsCommand.class,
      SourcesCommand.class,
      SecretsCommand.class,
      CheckCommand.class,
      ReconcileCommand.class,
      ImpactCommand.class,
      InvalidateCommand.class,
      RepairCommand.class,
      RepairsCommand.class,
      IncidentsCommand.class,
      AnomaliesCommand.class,
      SqlCommand.class,
      VerifyCommand.class,
      GrantsCommand.class,
      ServerCommand.class,
      AlertsCommand.class,
      CostsCommand.class,
      DemoCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Option(
      names = "--verbose",
      description =
          "With --version: the JVM, the memory and processors it may use, and what each installed"
              + " warehouse engine takes of them by default.")
  boolean verbose;

  public static void main(String[] args) {
    System.exit(
        execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the CLI and returns its exit code; used by {@link #main} and by tests. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    commandLine.registerConverter(java.time.LocalDate.class, new Arguments.Day());
    commandLine.setExecutionExceptionHandler(
        (exception, line, parseResult) -> {
          if (exception instanceof TidemarkException tidemark) {
            line.getErr().println("error: " + tidemark.getMessage());
            line.getErr().flush();
            return tidemark.code().exitCode();
          }
          line.getErr().println("error: internal error: " + exception);
          exception.printStackTrace(line.getErr());
          line.getErr().flush();
          return ErrorCode.INTERNAL.exitCode();
        });
    commandLine.setParameterExceptionHandler(
        (exception, args2) -> {
          CommandLine failed = exception.getCommandLine();
          failed.getErr().println("error: " + exception.getMessage());
          failed.getErr().println("see `" + failed.getCommandSpec().qualifiedName() + " --help`");
          failed.getErr().flush();
          return 2;
        });
    int code = commandLine.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Reads the version from the jar manifest; with {@code --verbose}, the resources too. */
  static final class Version implements CommandLine.IVersionProvider {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public String[] getVersion() {
      String version = Main.class.getPackage().getImplementationVersion();
      List<String> lines = new ArrayList<>();
      lines.add("tidemark " + (version == null ? "development build" : version));
      if (spec != null && spec.userObject() instanceof Main main && main.verbose) {
        MachineResources machine = MachineResources.detect();
        lines.add(
            "java "
                + System.getProperty("java.version")
                + " ("
                + System.getProperty("java.vendor")
                + "), max heap "
                + machine.maxHeap()
                + ", "
                + machine.processors()
                + " processors, "
                + machine.memorySource()
                + " "
                + machine.memory());
        Path here = Path.of("").toAbsolutePath();
        for (WarehouseProvider provider : WarehouseProviders.installed().all()) {
          List<String> resources = provider.resources(defaults(provider), here);
          lines.add(
              "warehouse "
                  + provider.type()
                  + (resources.isEmpty() ? ": resources are the server's" : ", by default:"));
          resources.forEach(line -> lines.add("  " + line));
        }
      }
      // picocli formats version lines: a literal percent sign needs doubling.
      return lines.stream().map(line -> line.replace("%", "%%")).toArray(String[]::new);
    }

    private static WarehouseConfig defaults(WarehouseProvider provider) {
      Map<String, String> settings = new LinkedHashMap<>();
      for (WarehouseSetting setting : provider.settings()) {
        settings.put(setting.name(), setting.defaultValue());
      }
      return new WarehouseConfig(provider.type(), settings, Map.of());
    }
  }
}
