package io.tidemark.cli.command;

import io.tidemark.cli.Workspace;
import io.tidemark.cli.output.Json;
import io.tidemark.cli.output.TextTable;
import io.tidemark.core.state.HistoryService;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** A command that lists recent records from the state store, newest first, as a table or JSON. */
abstract class HistoryCommand<T> extends ProjectCommand {
  @Option(
      names = "--limit",
      paramLabel = "N",
      converter = Arguments.AtLeastOne.class,
      description = "At most N (default: ${DEFAULT-VALUE}).")
  int limit = 20;

  @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE}).")
  OutputFormat format = OutputFormat.text;

  /** The newest records, at most {@code limit}. */
  protected abstract List<T> fetch(HistoryService history, int limit);

  protected abstract Map<String, Object> json(T record);

  protected abstract List<String> headers();

  protected abstract List<String> row(T record);

  /** What to print when there is nothing to list. */
  protected abstract String none();

  @Override
  protected final int run(Workspace workspace) {
    List<T> records = fetch(workspace.historyService(), limit);
    if (format == OutputFormat.json) {
      out().println(Json.write(records.stream().map(this::json).toList()));
      return 0;
    }
    if (records.isEmpty()) {
      out().println(none());
      return 0;
    }
    TextTable table = new TextTable(headers());
    records.forEach(record -> table.add(row(record)));
    out().print(table.render(style));
    return 0;
  }
}
