package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Formats;
import io.tidemark.cli.output.Json;
import io.tidemark.cli.output.TextTable;
import io.tidemark.core.warehouse.QueryResult;
import io.tidemark.core.warehouse.WarehouseSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "sql",
    mixinStandardHelpOptions = true,
    description = "Run ad-hoc SQL against the project's warehouse and print the result.")
public final class SqlCommand extends ProjectCommand {
  @Parameters(paramLabel = "STATEMENT", description = "The SQL to run.")
  String statement;

  @Option(names = "--format", description = "text, csv or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.text;

  @Option(
      names = "--limit",
      paramLabel = "N",
      description = "Rows to print at most (default: ${DEFAULT-VALUE}).")
  int limit = 1000;

  @Override
  protected int run(Workspace workspace) {
    QueryResult result;
    try (WarehouseSession session = workspace.warehouse().openSession()) {
      result = session.query(statement, limit);
    }
    switch (format) {
      case json -> {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> row : result.rows()) {
          Map<String, Object> object = new LinkedHashMap<>();
          for (int i = 0; i < result.columns().size(); i++) {
            object.put(result.columns().get(i), row.get(i));
          }
          rows.add(object);
        }
        out().println(Json.write(rows));
      }
      case csv -> {
        out().println(String.join(",", result.columns().stream().map(SqlCommand::csv).toList()));
        for (List<Object> row : result.rows()) {
          out()
              .println(
                  String.join(
                      ",", row.stream().map(v -> csv(v == null ? "" : v.toString())).toList()));
        }
      }
      default -> {
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
    }
    return 0;
  }

  private static String csv(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }
}
