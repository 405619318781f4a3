package io.tidemark.core.asset;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * The name of an asset: the warehouse relation it lives in, {@code schema.table}. Models are
 * usually referred to by their table name alone; {@link io.tidemark.core.project.Project#resolve}
 * accepts both.
 */
public record AssetName(String schema, String table) implements Comparable<AssetName> {
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public AssetName {
    requireNonNull(schema, "schema is null");
    requireNonNull(table, "table is null");
    if (!isIdentifier(schema)) {
      throw new IllegalArgumentException("invalid schema name '" + schema + "'");
    }
    if (!isIdentifier(table)) {
      throw new IllegalArgumentException("invalid table name '" + table + "'");
    }
  }

  public static AssetName of(String schema, String table) {
    return new AssetName(schema, table);
  }

  /** Parses {@code schema.table}. */
  public static AssetName parse(String qualified) {
    requireNonNull(qualified, "qualified is null");
    int dot = qualified.indexOf('.');
    if (dot <= 0 || dot != qualified.lastIndexOf('.')) {
      throw new IllegalArgumentException("'" + qualified + "' is not of the form schema.table");
    }
    return new AssetName(qualified.substring(0, dot), qualified.substring(dot + 1));
  }

  public static boolean isIdentifier(String value) {
    return IDENTIFIER.matcher(value).matches();
  }

  @Override
  public int compareTo(AssetName other) {
    int bySchema = schema.compareTo(other.schema);
    return bySchema != 0 ? bySchema : table.compareTo(other.table);
  }

  @Override
  public String toString() {
    return schema + "." + table;
  }
}
