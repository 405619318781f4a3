package io.tidemark.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A table function called in a query ({@code read_csv('x.csv')}, {@code range(10)}), with the
 * constant text arguments it was given: for the functions that read files, the paths or globs.
 *
 * @param offset character offset of the call in the query, or -1 when unknown
 */
public record TableFunctionCall(String name, List<String> textArguments, int offset) {
  public TableFunctionCall {
    requireNonNull(name, "name is null");
    textArguments = List.copyOf(requireNonNull(textArguments, "textArguments is null"));
  }
}
