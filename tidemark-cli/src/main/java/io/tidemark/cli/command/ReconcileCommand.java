package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Json;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.quality.reconcile.ReconcileColumns;
import io.tidemark.core.quality.reconcile.ReconcileReport;
import io.tidemark.core.quality.reconcile.ReconcileService;
import io.tidemark.warehouse.duckdb.DuckDbWarehouse;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
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
          + " compared columns differ. LEFT is in the project's warehouse; RIGHT is in the DuckDB"
          + " file given by --against, opened read-only, or in the project's"
          + " warehouse too. Nothing is recorded.",
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
      paramLabel = "PATH.duckdb",
      description = "The DuckDB file holding RIGHT (default: the project's warehouse).")
  Path against;

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
    Path leftFile = workspace.warehouseFile();
    if (!Files.isRegularFile(leftFile)) {
      throw new TidemarkException(
          ErrorCode.NOT_FOUND,
          "the left table "
              + leftTable
              + " cannot exist: the project's warehouse "
              + leftFile
              + " does not exist yet");
    }
    Path rightFile = againstFile(leftFile);
    boolean oneWarehouse = rightFile.equals(leftFile);
    Method chosen =
        method == Method.auto ? (oneWarehouse ? Method.join : Method.bisection) : method;
    if (chosen == Method.join && !oneWarehouse) {
      throw bad(
          "--method join needs both tables in one warehouse, but "
              + rightTable
              + " is in "
              + rightFile
              + "; use --method bisection (or auto)");
    }
    try (DuckDbWarehouse other = oneWarehouse ? null : openAgainst(rightFile)) {
      ReconcileReport report =
          new ReconcileService(workspace.warehouse())
              .reconcile(
                  new ReconcileReport.Side(leftTable, leftFile, whereLeft),
                  oneWarehouse ? workspace.warehouse() : other,
                  new ReconcileReport.Side(rightTable, rightFile, whereRight),
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
   * The absolute file of the right table: the {@code --against} file, which must exist (it is never
   * created), or the project's warehouse.
   */
  private Path againstFile(Path leftFile) {
    if (against == null) {
      return leftFile;
    }
    Path file = against.toAbsolutePath().normalize();
    if (!Files.exists(file)) {
      throw new TidemarkException(
          ErrorCode.NOT_FOUND, "--against " + file + " does not exist (it is not created)");
    }
    try {
      if (!Files.isRegularFile(file) || Files.size(file) == 0) {
        throw bad("--against " + file + " is not a DuckDB database file");
      }
      return Files.isSameFile(file, leftFile) ? leftFile : file;
    } catch (IOException e) {
      throw bad("--against " + file + " cannot be read: " + e.getMessage());
    }
  }

  /** Opens the other warehouse read-only: DuckDB itself refuses any write to it. */
  private static DuckDbWarehouse openAgainst(Path file) {
    try {
      return DuckDbWarehouse.openReadOnly(file);
    } catch (TidemarkException e) {
      if (e.code() == ErrorCode.CONFLICT) {
        throw e;
      }
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT,
          "--against "
              + file
              + " cannot be opened as a DuckDB warehouse: "
              + Formats.firstLine(e.getMessage()),
          e);
    }
  }

  private static TidemarkException bad(String message) {
    return new TidemarkException(ErrorCode.INVALID_ARGUMENT, message);
  }
}
