package io.tidemark.warehouse.spark;

import io.tidemark.core.warehouse.ParsedQuery;
import io.tidemark.core.warehouse.SqlParser;
import io.tidemark.core.warehouse.TableFunctionCall;
import io.tidemark.core.warehouse.TableReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.analysis.UnresolvedTableValuedFunction;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.InsertIntoStatement;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.UnresolvedWith;
import org.apache.spark.sql.execution.SparkSqlParser;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reads the tables a model selects from with Spark's own parser, which needs no SparkSession and no
 * catalog: the unresolved relations of the parsed plan, subqueries included, less the names that
 * the query's {@code with} defines. Stateless and thread-safe.
 */
final class SparkParser implements SqlParser {
  private final SparkSqlParser parser = new SparkSqlParser();

  @Override
  public ParsedQuery parse(String selectSql) {
    LogicalPlan plan;
    try {
      plan = parser.parsePlan(selectSql);
    } catch (Exception e) {
      // Scala declares no exceptions: ParseException, checked for Java, arrives undeclared.
      if (!(e instanceof ParseException failure)) {
        throw e;
      }
      int offset = -1;
      if (failure.start().startIndex().isDefined()) {
        offset = (Integer) failure.start().startIndex().get();
      }
      return ParsedQuery.invalid(Errors.message(failure), offset);
    }
    if (plan instanceof Command || plan instanceof InsertIntoStatement) {
      return ParsedQuery.invalid("a model is one SELECT statement", 0);
    }
    Set<String> defined = new HashSet<>();
    Set<TableReference> tables = new HashSet<>();
    List<TableFunctionCall> functions = new ArrayList<>();
    walk(plan, defined, tables, functions);
    tables.removeIf(table -> table.schema().isEmpty() && defined.contains(table.table()));
    return ParsedQuery.valid(tables, functions);
  }

  private static void walk(
      LogicalPlan plan,
      Set<String> defined,
      Set<TableReference> tables,
      List<TableFunctionCall> functions) {
    if (plan instanceof UnresolvedWith with) {
      for (scala.Product cte : CollectionConverters.asJava(with.cteRelations())) {
        defined.add((String) cte.productElement(0));
        // A definition is no child of the plan: its tables are read through it all the same.
        walk((LogicalPlan) cte.productElement(1), defined, tables, functions);
      }
    }
    if (plan instanceof UnresolvedRelation relation) {
      List<String> parts = CollectionConverters.asJava(relation.multipartIdentifier());
      String table = parts.get(parts.size() - 1);
      String schema = parts.size() > 1 ? parts.get(parts.size() - 2) : "";
      tables.add(new TableReference(schema, table));
    }
    if (plan instanceof UnresolvedTableValuedFunction function) {
      List<String> name = CollectionConverters.asJava(function.name());
      functions.add(new TableFunctionCall(String.join(".", name), List.of(), -1));
    }
    for (LogicalPlan child : CollectionConverters.asJava(plan.children())) {
      walk(child, defined, tables, functions);
    }
    for (Expression expression : CollectionConverters.asJava(plan.expressions())) {
      walk(expression, defined, tables, functions);
    }
  }

  private static void walk(
      Expression expression,
      Set<String> defined,
      Set<TableReference> tables,
      List<TableFunctionCall> functions) {
    if (expression instanceof SubqueryExpression subquery) {
      walk(subquery.plan(), defined, tables, functions);
    }
    for (Expression child : CollectionConverters.asJava(expression.children())) {
      walk(child, defined, tables, functions);
    }
  }

  @Override
  public void close() {}
}
