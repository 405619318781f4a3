package io.tidemark.warehouse.duckdb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.warehouse.ParsedQuery;
import io.tidemark.core.warehouse.TableFunctionCall;
import io.tidemark.core.warehouse.TableReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import org.duckdb.DuckDBDriver;

/**
 * Parses queries with DuckDB's own grammar through {@code json_serialize_sql}, which parses without
 * binding, so it needs none of the tables to exist. It runs on a private in-memory database, opened
 * on first use, so parsing never touches (or waits for) the warehouse file.
 */
final class QueryParser implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Idle parsers, one per thread that needed one at the same time: loading runs in parallel. */
  private final Deque<Serializer> idle = new ConcurrentLinkedDeque<>();

  private final List<Serializer> all = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

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
    List<TableFunctionCall> functions = new ArrayList<>();
    collect(statements, tables, cteNames, functions, sql);
    // An unqualified name that matches a CTE is that CTE, as DuckDB's binder resolves it.
    tables.removeIf(
        table ->
            table.schema().isEmpty() && cteNames.contains(table.table().toLowerCase(Locale.ROOT)));
    return ParsedQuery.valid(tables, functions);
  }

  private String serialize(String sql) {
    if (closed) {
      throw new IllegalStateException("warehouse is closed");
    }
    Serializer serializer = idle.pollFirst();
    try {
      if (serializer == null) {
        serializer = new Serializer();
        all.add(serializer);
      }
      return serializer.serialize(sql);
    } catch (SQLException e) {
      throw new TidemarkException(
          ErrorCode.WAREHOUSE, "could not parse query: " + EngineMessages.of(e), e);
    } finally {
      if (serializer != null) {
        idle.addFirst(serializer);
      }
    }
  }

  /**
   * An in-memory DuckDB connection that turns SQL into DuckDB's JSON parse tree; one thread at a
   * time.
   */
  private static final class Serializer implements AutoCloseable {
    private final Connection connection;
    private PreparedStatement statement;

    Serializer() throws SQLException {
      Properties properties = new Properties();
      properties.setProperty("threads", "1");
      connection = new DuckDBDriver().connect("jdbc:duckdb:", properties);
    }

    String serialize(String sql) throws SQLException {
      if (statement == null) {
        statement = connection.prepareStatement("SELECT json_serialize_sql(?::VARCHAR)");
      }
      try {
        statement.setString(1, sql);
        try (ResultSet result = statement.executeQuery()) {
          result.next();
          return result.getString(1);
        }
      } catch (SQLException e) {
        // DuckDB closes a statement that failed; prepare a fresh one next time.
        statement = null;
        throw e;
      }
    }

    @Override
    public void close() {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // An in-memory database; nothing to lose.
      }
    }
  }

  /**
   * Collects every base table anywhere in the tree (joins, subqueries, CTE bodies, set operations,
   * EXISTS and IN) and every CTE name.
   */
  private static void collect(
      JsonNode node,
      Set<TableReference> tables,
      Set<String> cteNames,
      List<TableFunctionCall> functions,
      String sql) {
    if (node.isObject()) {
      JsonNode type = node.get("type");
      if (type != null && type.isTextual() && type.asText().equals("BASE_TABLE")) {
        tables.add(
            new TableReference(
                node.path("schema_name").asText(""), node.path("table_name").asText("")));
      }
      if (type != null && type.isTextual() && type.asText().equals("TABLE_FUNCTION")) {
        functions.add(tableFunction(node, sql));
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
        collect(child, tables, cteNames, functions, sql);
      }
    }
  }

  /** A table function node: its name and the constant text arguments (a path, a list of paths). */
  private static TableFunctionCall tableFunction(JsonNode node, String sql) {
    JsonNode function = node.path("function");
    List<String> texts = new ArrayList<>();
    for (JsonNode argument : function.path("arguments")) {
      constantTexts(argument.path("expression"), texts);
    }
    return new TableFunctionCall(
        function.path("function_name").asText("").toLowerCase(Locale.ROOT),
        texts,
        characterOffset(sql, location(function.get("query_location"), node.get("query_location"))));
  }

  /**
   * The first known position; DuckDB writes an unknown one as the largest unsigned 64-bit value.
   */
  private static int location(JsonNode... candidates) {
    for (JsonNode candidate : candidates) {
      if (candidate != null && candidate.canConvertToInt() && candidate.asInt(-1) >= 0) {
        return candidate.asInt();
      }
    }
    return -1;
  }

  private static void constantTexts(JsonNode argument, List<String> texts) {
    if ("VALUE_CONSTANT".equals(argument.path("type").asText())) {
      JsonNode literal = argument.path("literal");
      if ("STRING".equals(literal.path("kind").asText())) {
        texts.add(literal.path("text").asText());
      }
    } else if ("list_value".equals(argument.path("function_name").asText())) {
      for (JsonNode item : argument.path("arguments")) {
        constantTexts(item.path("expression"), texts);
      }
    }
  }

  /**
   * DuckDB reports positions as offsets into the query's UTF-8 bytes; Java strings index UTF-16
   * units.
   */
  private static int characterOffset(String sql, int bytes) {
    if (bytes < 0) {
      return -1;
    }
    int counted = 0;
    int index = 0;
    while (index < sql.length() && counted < bytes) {
      int codePoint = sql.codePointAt(index);
      counted += codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
      index += Character.charCount(codePoint);
    }
    return index;
  }

  @Override
  public void close() {
    closed = true;
    all.forEach(Serializer::close);
    all.clear();
    idle.clear();
  }
}
