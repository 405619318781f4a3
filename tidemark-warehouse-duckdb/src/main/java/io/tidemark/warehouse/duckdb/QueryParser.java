package io.tidemark.warehouse.duckdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.warehouse.ParsedQuery;
import io.tidemark.core.warehouse.TableReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.duckdb.DuckDBDriver;

/**
 * Parses queries with DuckDB's own grammar through {@code json_serialize_sql}, which parses without
 * binding, so it needs none of the tables to exist. It runs on a private in-memory database, opened
 * on first use, so parsing never touches (or waits for) the warehouse file.
 */
final class QueryParser implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final ReentrantLock lock = new ReentrantLock();
  private Connection connection; // guarded by lock
  private PreparedStatement serialize; // guarded by lock
  private boolean closed; // guarded by lock

  ParsedQuery parse(String sql) {
    JsonNode tree;
    try {
      tree = JSON.readTree(serialize(sql));
    } catch (JsonProcessingException e) {
      throw new TidemarkException(
          ErrorCode.INTERNAL, "DuckDB returned unreadable JSON for a parse tree", e);
    }
    if (tree.path("error").asBoolean()) {
      String message = tree.path("error_message").asText("invalid query");
      JsonNode position = tree.get("position");
      return ParsedQuery.invalid(
          message, position == null ? -1 : characterOffset(sql, position.asInt(-1)));
    }
    JsonNode statements = tree.path("statements");
    if (statements.size() != 1) {
      return ParsedQuery.invalid("expected one SELECT statement, found " + statements.size(), -1);
    }
    Set<TableReference> tables = new LinkedHashSet<>();
    Set<String> cteNames = new HashSet<>();
    collect(statements, tables, cteNames);
    // An unqualified name that matches a CTE is that CTE, as DuckDB's binder resolves it.
    tables.removeIf(
        table ->
            table.schema().isEmpty() && cteNames.contains(table.table().toLowerCase(Locale.ROOT)));
    return ParsedQuery.valid(tables);
  }

  private String serialize(String sql) {
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException("warehouse is closed");
      }
      if (serialize == null) {
        open();
      }
      serialize.setString(1, sql);
      try (ResultSet result = serialize.executeQuery()) {
        result.next();
        return result.getString(1);
      }
    } catch (SQLException e) {
      // DuckDB closes a statement that failed; prepare a fresh one next time.
      serialize = null;
      throw new TidemarkException(
          ErrorCode.WAREHOUSE, "could not parse query: " + EngineMessages.of(e), e);
    } finally {
      lock.unlock();
    }
  }

  private void open() throws SQLException {
    if (connection == null) {
      Properties properties = new Properties();
      properties.setProperty("threads", "1");
      connection = new DuckDBDriver().connect("jdbc:duckdb:", properties);
    }
    serialize = connection.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)");
  }

  /**
   * Collects every base table anywhere in the tree (joins, subqueries, CTE bodies, set operations,
   * EXISTS and IN) and every CTE name.
   */
  private static void collect(JsonNode node, Set<TableReference> tables, Set<String> cteNames) {
    if (node.isObject()) {
      JsonNode type = node.get("type");
      if (type != null && type.isTextual() && type.asText().equals("BASE_TABLE")) {
        tables.add(
            new TableReference(
                node.path("schema_name").asText(""), node.path("table_name").asText("")));
      }
      JsonNode cteMap = node.get("cte_map");
      if (cteMap != null) {
        for (JsonNode entry : cteMap.path("map")) {
          cteNames.add(entry.path("key").asText("").toLowerCase(Locale.ROOT));
        }
      }
    }
    if (node.isContainerNode()) {
      for (JsonNode child : node) {
        collect(child, tables, cteNames);
      }
    }
  }

  /** DuckDB reports error positions in code points; Java strings index UTF-16 units. */
  private static int characterOffset(String sql, int codePoints) {
    if (codePoints < 0) {
      return -1;
    }
    int available = sql.codePointCount(0, sql.length());
    return sql.offsetByCodePoints(0, Math.min(codePoints, available));
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException e) {
      // Nothing was written through this connection; there is nothing to lose.
    } finally {
      connection = null;
      serialize = null;
      lock.unlock();
    }
  }
}
