package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Json;
import io.tidemark.cli.output.TextTable;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.warehouse.QueryResult;
import io.tidemark.core.warehouse.RowSink;
import io.tidemark.core.warehouse.WarehouseSession;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = {
      "Run ad-hoc SQL against the project's warehouse and print the result.",
      "csv and json print every row (an export); text shows the first 1,000 unless --limit says"
          + " otherwise."
    })
public final class SqlCommand extends ProjectCommand {
  /** Rows a text table shows by default: a table is for reading, not for export. */
  static final int TEXT_ROWS = 1000;

  @Parameters(paramLabel = "STATEMENT", description = "The SQL to run.")
  String statement;

  @Option(names = "--format", description = "text, csv or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.text;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Rows to print at most (default: 1000 for text, every row for csv and json).")
  Long limit;

  @Override
  protected int run(Workspace workspace) {
    if (limit != null && limit < 0) {
      throw new TidemarkException(
          ErrorCode.INVALID_ARGUMENT, "--limit must be 0 or more, got " + limit);
    }
    if (statement.isBlank()) {
      throw new TidemarkException(ErrorCode.INVALID_ARGUMENT, "the SQL statement is empty");
    }
    try (WarehouseSession session = workspace.warehouse().openSession()) {
      if (format == OutputFormat.text) {
        long max = limit != null ? limit : TEXT_ROWS;
        QueryResult result = session.query(statement, (int) Math.min(max, Integer.MAX_VALUE));
        printText(result);
        return 0;
      }
      long max = limit != null ? limit : Long.MAX_VALUE;
      RowSink sink = format == OutputFormat.json ? new JsonRows(out()) : new CsvRows(out());
      boolean truncated = session.stream(statement, max, sink);
      if (sink instanceof JsonRows json) {
        json.finish();
      }
      out().flush();
      if (truncated) {
        // Stated on stderr so the export itself stays well-formed.
        err()
            .println(
                "note: output stopped at "
                    + Formats.plural(max, "row")
                    + " (--limit "
                    + max
                    + "); the query returned more");
      }
    }
    return 0;
  }

  private void printText(QueryResult result) {
    TextTable table = new TextTable(result.columns());
    for (List<Object> row : result.rows()) {
      table.add(row.stream().map(v -> v == null ? "NULL" : v.toString()).toList());
    }
    out().print(table.render(style));
    out()
        .println(
            style.dim(
                "("
                    + Formats.plural(result.rows().size(), "row")
                    + (result.truncated() ? ", more not shown; raise --limit" : "")
                    + ")"));
  }

  /** RFC 4180 CSV, one line per row as it arrives. */
  private static final class CsvRows implements RowSink {
    private final PrintWriter out;

    CsvRows(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void columns(List<String> names) {
      out.println(String.join(",", names.stream().map(CsvRows::quote).toList()));
    }

    @Override
    public void row(List<Object> values) {
      out.println(
          String.join(
              ",", values.stream().map(v -> quote(v == null ? "" : v.toString())).toList()));
    }

    private static String quote(String value) {
      if (value.contains(",")
          || value.contains("\"")
          || value.contains("\n")
          || value.contains("\r")) {
        return "\"" + value.replace("\"", "\"\"") + "\"";
      }
      return value;
    }
  }

  /** A JSON array of objects, one object per row as it arrives. */
  private static final class JsonRows implements RowSink {
    private final PrintWriter out;
    private List<String> columns = List.of();
    private boolean first = true;

    JsonRows(PrintWriter out) {
      this.out = out;
    }

    @Override
    public void columns(List<String> names) {
      columns = names;
      out.print("[");
    }

    @Override
    public void row(List<Object> values) {
      Map<String, Object> object = new LinkedHashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        object.put(columns.get(i), values.get(i));
      }
      out.print(first ? "\n" : ",\n");
      out.print(Json.writeCompact(object));
      first = false;
    }

    void finish() {
      out.println(first ? "]" : "\n]");
    }
  }
}
