package io.tidemark.warehouse.postgres;

import io.tidemark.core.warehouse.ParsedQuery;
import io.tidemark.core.warehouse.SqlParser;
import io.tidemark.core.warehouse.TableReference;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.util.TablesNamesFinder;

/**
 * Reads the tables a model selects from with JSqlParser: PostgreSQL itself parses a statement only
 * together with binding it, which needs every table it reads to exist already, and models are
 * checked before anything is built. Stateless and thread-safe.
 */
final class PostgresParser implements SqlParser {
  @Override
  public ParsedQuery parse(String selectSql) {
    Statement statement;
    try {
      statement = CCJSqlParserUtil.parse(selectSql);
    } catch (JSQLParserException e) {
      String message = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      return ParsedQuery.invalid(firstLine(message == null ? "invalid SQL" : message), -1);
    }
    if (!(statement instanceof Select)) {
      return ParsedQuery.invalid("a model is one SELECT statement", 0);
    }
    Set<TableReference> tables = new HashSet<>();
    for (String name : new TableNames().getTables(statement)) {
      String[] parts = name.split("\\.");
      String table = unquote(parts[parts.length - 1]);
      String schema = parts.length > 1 ? unquote(parts[parts.length - 2]) : "";
      tables.add(new TableReference(schema, table));
    }
    return ParsedQuery.valid(tables);
  }

  /**
   * JSqlParser's finder walks an aggregate's {@code filter (where …)} as a window and fails on the
   * window's missing {@code order by} (5.1); this walk visits only the parts that are present.
   */
  private static final class TableNames extends TablesNamesFinder<Void> {
    @Override
    public <S> Void visit(AnalyticExpression analytic, S context) {
      for (Expression part :
          new Expression[] {
            analytic.getExpression(),
            analytic.getOffset(),
            analytic.getDefaultValue(),
            analytic.getFilterExpression()
          }) {
        if (part != null) {
          part.accept(this, context);
        }
      }
      if (analytic.getPartitionExpressionList() != null) {
        analytic.getPartitionExpressionList().accept(this, context);
      }
      for (List<OrderByElement> order :
          Arrays.asList(analytic.getOrderByElements(), analytic.getFuncOrderBy())) {
        if (order != null) {
          order.forEach(element -> element.getExpression().accept(this, context));
        }
      }
      return null;
    }
  }

  private static String unquote(String identifier) {
    return identifier.length() > 1 && identifier.startsWith("\"") && identifier.endsWith("\"")
        ? identifier.substring(1, identifier.length() - 1).replace("\"\"", "\"")
        : identifier;
  }

  private static String firstLine(String text) {
    String stripped = text.strip();
    int newline = stripped.indexOf('\n');
    return newline < 0 ? stripped : stripped.substring(0, newline);
  }

  @Override
  public void close() {}
}
