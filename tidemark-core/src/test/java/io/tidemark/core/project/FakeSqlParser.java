package io.tidemark.core.project;

import io.tidemark.core.warehouse.ParsedQuery;
import io.tidemark.core.warehouse.TableReference;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake of the warehouse's SQL parser, good enough for the simple queries of core tests (the real
 * one is DuckDB's, tested in its own module). Tables are the identifiers, optionally
 * schema-qualified, that follow {@code from} or {@code join}, minus the names defined as common
 * table expressions ({@code with x as (}). A query that does not start with {@code select} or
 * {@code with} is a syntax error at its first word. It does not understand strings, subqueries in
 * {@code from} or {@code extract(day from x)}; tests should not rely on them.
 */
public final class FakeSqlParser implements Function<String, ParsedQuery> {
  private static final String IDENTIFIER = "[A-Za-z_][A-Za-z0-9_]*";
  private static final Pattern TABLE =
      Pattern.compile(
          "\\b(?:from|join)\\s+(" + IDENTIFIER + ")(?:\\.(" + IDENTIFIER + "))?",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern COMMON_TABLE =
      Pattern.compile(
          "(?:\\bwith|,)\\s*(" + IDENTIFIER + ")\\s+as\\s*\\(", Pattern.CASE_INSENSITIVE);
  private static final Pattern LEADING_NOISE = Pattern.compile("(?:\\s+|--[^\\n]*)*");
  private static final Pattern WORD = Pattern.compile("\\S+");

  @Override
  public ParsedQuery apply(String sql) {
    Matcher noise = LEADING_NOISE.matcher(sql);
    int first = noise.lookingAt() ? noise.end() : 0;
    Matcher word = WORD.matcher(sql);
    if (!word.find(first)) {
      return ParsedQuery.invalid("syntax error at end of input", first);
    }
    String firstWord = word.group().toLowerCase(Locale.ROOT);
    if (!firstWord.equals("select") && !firstWord.equals("with")) {
      return ParsedQuery.invalid("syntax error at or near \"" + word.group() + "\"", first);
    }
    Set<String> commonTables = new HashSet<>();
    Matcher common = COMMON_TABLE.matcher(sql);
    while (common.find()) {
      commonTables.add(common.group(1).toLowerCase(Locale.ROOT));
    }
    Set<TableReference> tables = new HashSet<>();
    Matcher table = TABLE.matcher(sql);
    while (table.find()) {
      if (table.group(2) != null) {
        tables.add(new TableReference(table.group(1), table.group(2)));
      } else if (!commonTables.contains(table.group(1).toLowerCase(Locale.ROOT))) {
        tables.add(new TableReference("", table.group(1)));
      }
    }
    return ParsedQuery.valid(tables);
  }
}
