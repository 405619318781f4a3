package io.tidemark.warehouse.duckdb;

import io.tidemark.core.asset.AssetName;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The generation a table carries in its catalog comment: the run that created it. A comment is part
 * of the table's catalog entry, so it goes when the table is dropped and is absent from a table
 * made again outside Tidemark; reading every table's comment is one catalog query.
 */
final class TableGenerations {
  private static final Pattern TAG = Pattern.compile("tidemark generation (\\d+)");

  static final String QUERY = query("", "");

  /** Above this many tables, reading the whole catalog and keeping some is cheaper. */
  static final int MAX_NAMED = 200;

  private TableGenerations() {}

  /** {@link #QUERY} for the named tables and views alone. */
  static String query(Set<AssetName> tables) {
    String names =
        tables.stream()
            .map(name -> Sql.string(name.schema() + "." + name.table()))
            .sorted()
            .collect(Collectors.joining(", "));
    return query(
        " AND schema_name || '.' || table_name IN (" + names + ")",
        " AND schema_name || '.' || view_name IN (" + names + ")");
  }

  /** Every table's and view's schema, name and comment, each kind narrowed by its condition. */
  private static String query(String tablesWhere, String viewsWhere) {
    return "SELECT schema_name, table_name, comment FROM duckdb_tables()"
        + " WHERE database_name = current_database()"
        + tablesWhere
        + " UNION ALL SELECT schema_name, view_name, comment FROM duckdb_views()"
        + " WHERE database_name = current_database() AND NOT internal"
        + viewsWhere;
  }

  static String comment(long generation) {
    return "tidemark generation " + generation;
  }

  static Map<AssetName, Long> read(ResultSet rows) throws SQLException {
    Map<AssetName, Long> generations = new HashMap<>();
    while (rows.next()) {
      String schema = rows.getString(1);
      String table = rows.getString(2);
      if (!AssetName.isIdentifier(schema) || !AssetName.isIdentifier(table)) {
        continue;
      }
      String comment = rows.getString(3);
      Matcher tag = TAG.matcher(comment == null ? "" : comment);
      generations.put(AssetName.of(schema, table), tag.find() ? Long.parseLong(tag.group(1)) : 0L);
    }
    return generations;
  }
}
