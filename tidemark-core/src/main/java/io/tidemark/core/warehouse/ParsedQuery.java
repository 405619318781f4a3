package io.tidemark.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the warehouse's own parser says of a query: the tables it reads, or why it is not valid.
 *
 * @param tables base tables read anywhere in the query; common table expression names excluded
 * @param tableFunctions table functions called anywhere in the query, in query order
 * @param error the parser's message when the query is invalid, else empty
 * @param errorOffset character offset of the error in the query, or -1 when unknown
 */
public record ParsedQuery(
    Set<TableReference> tables,
    List<TableFunctionCall> tableFunctions,
    String error,
    int errorOffset) {
  public ParsedQuery {
    tables = Set.copyOf(requireNonNull(tables, "tables is null"));
    tableFunctions = List.copyOf(requireNonNull(tableFunctions, "tableFunctions is null"));
    requireNonNull(error, "error is null");
  }

  public static ParsedQuery valid(Set<TableReference> tables) {
    return valid(tables, List.of());
  }

  public static ParsedQuery valid(
      Set<TableReference> tables, List<TableFunctionCall> tableFunctions) {
    return new ParsedQuery(tables, tableFunctions, "", -1);
  }

  public static ParsedQuery invalid(String error, int offset) {
    return new ParsedQuery(Set.of(), List.of(), error, offset);
  }

  public Optional<String> problem() {
    return error.isEmpty() ? Optional.empty() : Optional.of(error);
  }
}
