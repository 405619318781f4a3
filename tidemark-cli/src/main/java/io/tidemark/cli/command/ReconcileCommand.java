package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Json;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.quality.reconcile.ReconcileColumns;
import io.tidemark.core.quality.reconcile.ReconcileReport;
import io.tidemark.core.quality.reconcile.ReconcileService;
import io.tidemark.core.warehouse.Warehouse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "reconcile",
    mixinStandardHelpOptions = true,
    description = {
      "Compare two tables on a key: keys only one of them has, keys held twice, and rows whose"
          + " compared columns differ. LEFT is in the project's warehouse; RIGHT is in the"
          + " warehouse given by --against (for DuckDB a file, opened read-only), or in the"
          + " project's warehouse too. Nothing is recorded.",
      "Within one warehouse one join does the work. Across two, checksum bisection: each side sums"
          + " row hashes over segments of key hashes, and only segments that differ are split"
          + " further and finally fetched, so no table is copied.",
      "Exit code 0 when the tables agree, 1 when they do not, 2 on bad input."
    })
public final class ReconcileCommand extends ProjectCommand {
  /** How the two tables are compared. */
  enum Method {
    auto,
    join,
    bisection
  }

  @Parameters(
      index = "0",
      paramLabel = "LEFT",
      description = "schema.table (or view) in the project's warehouse.")
  String left;

  @Parameters(
      index = "1",
      paramLabel = "RIGHT",
      description = "schema.table in the --against warehouse, or in the project's.")
  String right;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "COLS",
      description =
          "Key columns, comma-separated, as LEFT names them (--columns maps them when RIGHT"
              + " names them otherwise).")
  List<String> key;

  @Option(
      names = "--columns",
      paramLabel = "L=R,...",
      description =
          "Columns to compare, comma-separated: L=R when RIGHT names LEFT's column L as R, or a"
              + " name both share. An entry naming a key column only maps it.")
  List<String> columns = new ArrayList<>();

  @Option(
      names = "--compare",
      paramLabel = "COLS",
      description =
          "Columns to compare, comma-separated, named alike on both sides. When --columns and"
              + " --compare name no"
              + " compared column, every non-key column both tables have is compared.")
  List<String> compare = new ArrayList<>();

  @Option(
      names = "--tolerance",
      paramLabel = "X",
      description =
          "Numbers differing by at most X are equal (numeric compared columns only; default:"
              + " exact).")
  BigDecimal tolerance = BigDecimal.ZERO;

  @Option(
      names = "--against",
      paramLabel = "WAREHOUSE",
      description =
          "Another warehouse of the project's engine holding RIGHT, opened for reading: for DuckDB"
              + " its file (default: the project's warehouse).")
  String against;

  @Option(
      names = "--where-left",
      paramLabel = "COND",
      description = "SQL condition selecting LEFT's rows to compare.")
  String whereLeft = "";

  @Option(
      names = "--where-right",
      paramLabel = "COND",
      description = "SQL condition selecting RIGHT's rows to compare.")
  String whereRight = "";

  @Option(
      names = "--method",
      paramLabel = "auto|join|bisection",
      description =
          "join (one warehouse only), bisection, or auto: a join within one warehouse, bisection"
              + " across two (default: ${DEFAULT-VALUE}).")
  Method method = Method.auto;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Mismatches to list at most; all are counted (default: ${DEFAULT-VALUE}).")
  int limit = 20;

  @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.text;

  @Override
  protected int run(Workspace workspace) {
    if (format == OutputFormat.csv) {
      throw bad("--format must be text or json for reconcile");
    }
    if (limit < 0) {
      throw bad("--limit must not be negative, got " + limit);
    }
    if (tolerance.signum() < 0) {
      throw bad("--tolerance must not be negative, got " + tolerance.toPlainString());
    }
    AssetName leftTable = table("LEFT", left);
    AssetName rightTable = table("RIGHT", right);
    ReconcileColumns names = ReconcileColumns.parse(key, columns, compare);
    if (!workspace.warehouseExists()) {
      throw new TidemarkException(
          ErrorCode.NOT_FOUND,
          "the left table "
              + leftTable
              + " cannot exist: the project's warehouse "
              + workspace.warehouseLocation()
              + " does not exist yet");
    }
    Warehouse leftWarehouse = workspace.warehouse();
    String leftFile = leftWarehouse.location();
    boolean oneWarehouse = against == null || sameWarehouse(against, leftFile);
    Method chosen =
        method == Method.auto ? (oneWarehouse ? Method.join : Method.bisection) : method;
    if (chosen == Method.join && !oneWarehouse) {
      throw bad(
          "--method join needs both tables in one warehouse, but "
              + rightTable
              + " is in "
              + Path.of(against).toAbsolutePath().normalize()
              + "; use --method bisection (or auto)");
    }
    try (Warehouse other = oneWarehouse ? null : openAgainst(workspace)) {
      ReconcileReport report =
          workspace
              .reconcileService()
              .reconcile(
                  new ReconcileReport.Side(leftTable, leftFile, whereLeft),
                  oneWarehouse ? leftWarehouse : other,
                  new ReconcileReport.Side(
                      rightTable, oneWarehouse ? leftFile : other.location(), whereRight),
                  names,
                  chosen == Method.join
                      ? ReconcileService.Method.JOIN
                      : ReconcileService.Method.BISECTION,
                  tolerance,
                  limit);
      if (format == OutputFormat.json) {
        out().println(Json.write(ReconcilePrinter.json(report)));
      } else {
        out().print(new ReconcilePrinter(style).text(report));
      }
      return report.result().matches() ? 0 : 1;
    }
  }

  private static AssetName table(String label, String name) {
    try {
      return AssetName.parse(name);
    } catch (IllegalArgumentException e) {
      throw bad(label + " must be schema.table, got '" + name + "'");
    }
  }

  /**
   * Whether {@code --against} names the project's own warehouse: then one join compares, and the
   * warehouse is not opened a second time.
   */
  private static boolean sameWarehouse(String location, String projectWarehouse) {
    try {
      Path file = Path.of(location).toAbsolutePath().normalize();
      Path own = Path.of(projectWarehouse);
      if (Files.exists(file) && Files.exists(own)) {
        return Files.isSameFile(file, own);
      }
    } catch (InvalidPathException | IOException e) {
      // Not a file: a location the engine reads otherwise, compared as written.
    }
    return location.equals(projectWarehouse);
  }

  /**
   * Opens the other warehouse, of the project's engine, for reading: for DuckDB a file that must
   * exist, opened read-only so that DuckDB itself refuses any write.
   */
  private Warehouse openAgainst(Workspace workspace) {
    try {
      return workspace.warehouseProvider().openOther(against, Path.of(""));
    } catch (TidemarkException e) {
      if (e.code() == ErrorCode.CONFLICT) {
        throw e;
      }
      throw new TidemarkException(e.code(), "--against " + e.getMessage(), e);
    }
  }

  private static TidemarkException bad(String message) {
    return new TidemarkException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
