package io.tidemark.warehouse.spark;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.load.Stageable;
import io.tidemark.core.load.Staging;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.quality.reconcile.Reconcilable;
import io.tidemark.core.quality.reconcile.ReconcileSql;
import io.tidemark.core.warehouse.PartitionFingerprint;
import io.tidemark.core.warehouse.RowSink;
import io.tidemark.core.warehouse.SqlDialect;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.core.warehouse.WriteRequest;
import io.tidemark.core.warehouse.WriteResult;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.catalog.CatalogTable;
import org.apache.spark.sql.catalyst.catalog.ExternalCatalog;
import org.apache.spark.sql.types.StructField;
import scala.jdk.javaapi.CollectionConverters;

/**
 * One user of a {@link SparkWarehouse}, on one thread at a time. Its statements run as a Spark job
 * group of its own, which {@link #cancel} cancels.
 */
public final class SparkWarehouseSession implements WarehouseSession, Reconcilable, Stageable {
  /** The table property holding the generation of the write that made a table. */
  static final String GENERATION = "tidemark.generation";

  /** Tables Tidemark stages a write in end with this; the catalog read leaves them out. */
  static final String STAGE_SUFFIX = "__tidemark_stage";

  private final SparkWarehouse warehouse;
  private final String jobGroup;
  private volatile boolean closed;

  SparkWarehouseSession(SparkWarehouse warehouse, String jobGroup) {
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.jobGroup = requireNonNull(jobGroup, "jobGroup is null");
  }

  @Override
  public SqlDialect dialect() {
    return SparkDialect.INSTANCE;
  }

  @Override
  public WriteResult write(WriteRequest request) {
    requireNonNull(request, "request is null");
    checkOpen();
    try {
      return new Writes(this).write(request);
    } catch (Exception e) {
      throw Errors.of(e, "writing " + request.target() + ": ");
    }
  }

  @Override
  public boolean stream(String sql, long maxRows, RowSink sink) {
    requireNonNull(sql, "sql is null");
    requireNonNull(sink, "sink is null");
    if (maxRows < 0) {
      throw new IllegalArgumentException("maxRows must not be negative, got " + maxRows);
    }
    checkOpen();
    try {
      Dataset<Row> result = sql(sql);
      String[] names = result.columns();
      if (names.length == 0) {
        // A command (create, insert, drop): Spark ran it and counts no rows for it.
        sink.columns(List.of("changed_rows"));
        sink.row(List.of(0L));
        return false;
      }
      sink.columns(List.of(names));
      Dataset<Row> limited = maxRows < Integer.MAX_VALUE ? result.limit((int) maxRows + 1) : result;
      Iterator<Row> rows = limited.toLocalIterator();
      long count = 0;
      while (rows.hasNext()) {
        Row row = rows.next();
        if (count == maxRows) {
          return true;
        }
        List<Object> values = new ArrayList<>(names.length);
        for (int i = 0; i < names.length; i++) {
          values.add(Values.value(row, i));
        }
        sink.row(values);
        count++;
      }
      return false;
    } catch (Exception e) {
      throw Errors.of(e, "");
    }
  }

  @Override
  public void execute(String sql) {
    requireNonNull(sql, "sql is null");
    checkOpen();
    try {
      // Commands run when planned; a query runs only when collected.
      Dataset<Row> result = sql(sql);
      if (result.columns().length > 0) {
        result.collectAsList();
      }
    } catch (Exception e) {
      throw Errors.of(e, "");
    }
  }

  @Override
  public Optional<String> bind(WriteRequest request) {
    requireNonNull(request, "request is null");
    checkOpen();
    List<String> result;
    try {
      // Analysis resolves every table, column and function without running the query.
      result = Writes.describe(spark().sql(request.selectSql()).schema().fields());
    } catch (Exception e) {
      var failure = Errors.of(e, "");
      if (failure.code() == io.tidemark.core.ErrorCode.QUERY) {
        return Optional.of(failure.getMessage());
      }
      throw failure;
    }
    if (request.materialization() != Materialization.INCREMENTAL || !exists(request.target())) {
      return Optional.empty();
    }
    List<String> existing = Writes.columnsOf(this, request.target());
    List<String> sortedResult = new ArrayList<>(result);
    List<String> sortedExisting = new ArrayList<>(existing);
    // A partitioned Spark table keeps its partition column last: the order is no change.
    sortedResult.sort(null);
    sortedExisting.sort(null);
    return sortedExisting.equals(sortedResult)
        ? Optional.empty()
        : Optional.of(
            "its columns no longer match its table: "
                + result
                + " instead of "
                + existing
                + " (drop the table to rebuild every partition, or keep the columns)");
  }

  @Override
  public Map<AssetName, Long> tableGenerations() {
    checkOpen();
    try {
      ExternalCatalog catalog = spark().sharedState().externalCatalog();
      Map<AssetName, Long> generations = new HashMap<>();
      for (String database : CollectionConverters.asJava(catalog.listDatabases())) {
        if (!AssetName.isIdentifier(database)) {
          continue;
        }
        List<String> names = new ArrayList<>();
        for (String table : CollectionConverters.asJava(catalog.listTables(database))) {
          if (AssetName.isIdentifier(table) && !table.endsWith(STAGE_SUFFIX)) {
            names.add(table);
          }
        }
        if (names.isEmpty()) {
          continue;
        }
        for (CatalogTable table :
            CollectionConverters.asJava(
                catalog.getTablesByName(database, CollectionConverters.asScala(names).toSeq()))) {
          scala.Option<String> generation = table.properties().get(GENERATION);
          generations.put(
              AssetName.of(database, table.identifier().table()),
              generation.isDefined() ? Long.parseLong(generation.get()) : 0L);
        }
      }
      return generations;
    } catch (Exception e) {
      throw Errors.of(e, "reading the catalog: ");
    }
  }

  @Override
  public Map<AssetName, Long> tableGenerations(Set<AssetName> tables) {
    Map<AssetName, Long> all = new HashMap<>(tableGenerations());
    all.keySet().retainAll(tables);
    return all;
  }

  @Override
  public boolean exists(AssetName relation) {
    requireNonNull(relation, "relation is null");
    checkOpen();
    try {
      return spark().catalog().databaseExists(relation.schema())
          && spark().catalog().tableExists(relation.schema(), relation.table());
    } catch (Exception e) {
      throw Errors.of(e, "");
    }
  }

  @Override
  public List<PartitionFingerprint> fingerprint(
      AssetName table, Partitioning partitioning, TimeRange range) {
    requireNonNull(table, "table is null");
    requireNonNull(partitioning, "partitioning is null");
    requireNonNull(range, "range is null");
    checkOpen();
    try {
      return new Fingerprints(this).of(table, partitioning, range);
    } catch (Exception e) {
      throw Errors.of(e, "fingerprinting " + table + ": ");
    }
  }

  @Override
  public ReconcileSql reconcileSql() {
    return new SparkReconcileSql(this);
  }

  /** Loaded rows staged in Parquet tables, written from memory in chunks. */
  @Override
  public Staging staging() {
    checkOpen();
    return new SparkStaging(this);
  }

  @Override
  public void cancel() {
    spark().sparkContext().cancelJobGroup(jobGroup);
  }

  @Override
  public Optional<Connection> jdbcConnection() {
    return Optional.empty();
  }

  /** Runs (a command) or plans (a query) a statement in this session's job group. */
  Dataset<Row> sql(String sql) {
    spark().sparkContext().setJobGroup(jobGroup, "tidemark", true);
    return spark().sql(sql);
  }

  String jobGroup() {
    return jobGroup;
  }

  SparkSession spark() {
    return warehouse.spark();
  }

  /** The fields of a relation, as {@code name type}. */
  StructField[] fields(AssetName relation) {
    return spark().table(dialect().relation(relation)).schema().fields();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    warehouse.sessionClosed(this);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("session is closed");
    }
  }
}
