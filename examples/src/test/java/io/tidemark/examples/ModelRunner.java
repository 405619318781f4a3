package io.tidemark.examples;

import static io.tidemark.examples.DuckDbFixture.count;
import static io.tidemark.examples.DuckDbFixture.execute;
import static io.tidemark.examples.DuckDbFixture.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.project.Project;
import io.tidemark.core.template.RenderedSql;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Materialises every model of a loaded project in dependency order, the way Tidemark's engine does
 * but without its state: tables and views once, incremental models partition by partition (delete
 * the partition, insert the model's rows), checking that each partition's rows fall inside it and
 * keep the table's column types. A model that reads itself ({{ this }}) gets its empty table first,
 * as the engine creates it.
 */
final class ModelRunner {
  private final Connection connection;
  private final Project project;
  private final Map<String, String> emptyTables;

  /**
   * @param emptyTables column definitions, by table name, of the models that read themselves
   */
  ModelRunner(Connection connection, Project project, Map<String, String> emptyTables) {
    this.connection = connection;
    this.project = project;
    this.emptyTables = emptyTables;
  }

  /** Runs every model over the days {@code first..last}; returns the models in the order run. */
  List<Asset> run(LocalDate first, LocalDate last) throws SQLException {
    List<Asset> models = new ArrayList<>();
    for (AssetName name : project.graph().topologicalOrder()) {
      Asset model = project.asset(name);
      if (!model.isModel()) {
        continue;
      }
      models.add(model);
      execute(connection, "create schema if not exists " + name.schema());
      for (PartitionKey partition : partitions(model, first, last)) {
        write(model, partition);
      }
    }
    return models;
  }

  private void write(Asset model, PartitionKey partition) throws SQLException {
    RenderedSql rendered = project.renderer().render(model, partition);
    String sql = rendered.sql();
    String target = model.name().toString();
    if (model.materialization() == Materialization.VIEW) {
      execute(connection, "create or replace view " + target + " as\n" + sql + "\n");
      return;
    }
    if (model.materialization() == Materialization.TABLE) {
      execute(connection, "create or replace table " + target + " as\n" + sql + "\n");
      return;
    }
    if (rendered.readsItself() && !exists(model.name())) {
      String columns = emptyTables.get(model.name().table());
      assertThat(columns).as("column definitions of %s, which reads itself", target).isNotNull();
      execute(connection, "create table " + target + " (" + columns + ")");
    }
    String inside =
        io.tidemark.core.quality.CheckSql.partitionFilter(
            io.tidemark.core.warehouse.SqlDialect.STANDARD, model, partition);
    execute(connection, "create or replace temp table batch as\n" + sql + "\n");
    assertThat(count(connection, "select count(*) from batch where (" + inside + ") is not true"))
        .as("rows of %s outside its partition %s", target, partition)
        .isZero();
    if (!exists(model.name())) {
      execute(connection, "create table " + target + " as select * from batch limit 0");
    }
    assertThat(types(target)).as("column types of %s", target).isEqualTo(types("batch"));
    execute(connection, "delete from " + target + " where " + inside);
    execute(connection, "insert into " + target + " select * from batch");
  }

  private List<String> types(String table) throws SQLException {
    return rows(connection, "select column_name, column_type from (describe " + table + ")");
  }

  private boolean exists(AssetName name) throws SQLException {
    return count(
            connection,
            "select count(*) from information_schema.tables where table_schema = '"
                + name.schema()
                + "' and table_name = '"
                + name.table()
                + "'")
        > 0;
  }

  private static List<PartitionKey> partitions(Asset model, LocalDate first, LocalDate last) {
    Grain grain = model.grain();
    if (grain == Grain.ALL) {
      return List.of(PartitionKey.ALL);
    }
    List<PartitionKey> partitions = new ArrayList<>();
    LocalDateTime end = last.plusDays(1).atStartOfDay();
    for (PartitionKey partition = PartitionKey.containing(grain, first.atStartOfDay());
        partition.start().isBefore(end);
        partition = partition.next()) {
      partitions.add(partition);
    }
    return partitions;
  }
}
