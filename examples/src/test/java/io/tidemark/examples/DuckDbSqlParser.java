package io.tidemark.examples;

import io.tidemark.core.warehouse.ParsedQuery;
import io.tidemark.core.warehouse.TableReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tables a query reads, as DuckDB's own parser sees them ({@code json_serialize_sql}), for
 * loading example projects in tests without the warehouse module. Reads the JSON with patterns:
 * good enough for the pinned DuckDB version, not a general parser.
 */
final class DuckDbSqlParser implements Function<String, ParsedQuery> {
  private static final Pattern BASE_TABLE =
      Pattern.compile(
          "\"type\":\"BASE_TABLE\",[^{}]*?\"schema_name\":\"([^\"]*)\",\"table_name\":\"([^\"]*)\"");
  private static final Pattern COMMON_TABLE =
      Pattern.compile("\\{\"key\":\"([^\"]*)\",\"value\":\\{\"aliases\"");
  private static final Pattern ERROR =
      Pattern.compile("\"error\":true.*\"error_message\":\"([^\"]*)\"");

  private final Connection connection;

  DuckDbSqlParser(Connection connection) {
    this.connection = connection;
  }

  @Override
  public synchronized ParsedQuery apply(String sql) {
    String json;
    try (PreparedStatement statement =
        connection.prepareStatement("select json_serialize_sql(cast(? as varchar))")) {
      statement.setString(1, sql);
      try (ResultSet result = statement.executeQuery()) {
        result.next();
        json = result.getString(1);
      }
    } catch (SQLException e) {
      return ParsedQuery.invalid(e.getMessage(), -1);
    }
    Matcher error = ERROR.matcher(json);
    if (error.find()) {
      return ParsedQuery.invalid(error.group(1), -1);
    }
    Set<String> commonTables = new HashSet<>();
    Matcher common = COMMON_TABLE.matcher(json);
    while (common.find()) {
      commonTables.add(common.group(1));
    }
    Set<TableReference> tables = new HashSet<>();
    Matcher table = BASE_TABLE.matcher(json);
    while (table.find()) {
      if (!(table.group(1).isEmpty() && commonTables.contains(table.group(2)))) {
        tables.add(new TableReference(table.group(1), table.group(2)));
      }
    }
    return ParsedQuery.valid(tables);
  }
}
