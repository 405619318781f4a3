package io.tidemark.warehouse.spark;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.warehouse.EngineUsage;
import io.tidemark.core.warehouse.PartitionFingerprint;
import io.tidemark.core.warehouse.WriteRequest;
import io.tidemark.core.warehouse.WriteResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructField;

/**
 * Writes a model's result into Spark's catalog. The result is first written whole into a staging
 * table: the model runs once, and a failure half-way (a bad cast on row 10,000) leaves the target
 * untouched. The staged rows are then checked (none outside the partition) and moved.
 *
 * <p>An incremental table is a Parquet table partitioned by the model's partition column. Its
 * partition is replaced with {@code insert overwrite} under dynamic partition overwrite: Spark
 * writes the new files into a staging directory and swaps the directories of the partition values
 * the rows hold when the job has succeeded, so readers see the old partition or the new one. The
 * values of the partition's span that the new rows no longer hold (an emptied day) are dropped
 * after the swap; a crash between the two leaves rows that the next write of the partition removes,
 * and the state store has not recorded the partition as written.
 *
 * <p>A table model's staging table takes the target's name (drop, then rename: a metastore
 * operation on a directory). A view is {@code create or replace}d.
 */
final class Writes {
  private final SparkWarehouseSession session;
  private final SparkDialect dialect = SparkDialect.INSTANCE;

  Writes(SparkWarehouseSession session) {
    this.session = session;
  }

  WriteResult write(WriteRequest request) {
    AssetName target = request.target();
    if (!session.spark().catalog().databaseExists(target.schema())) {
      // Tasks on other threads may make it meanwhile: "if not exists" keeps that harmless.
      session.sql(dialect.createSchemaIfNotExists(target.schema()));
    }
    if (request.materialization() == Materialization.VIEW) {
      dropIfTable(target);
      session.sql(
          "create or replace view " + dialect.relation(target) + " as " + request.selectSql());
      return new WriteResult(0, 0);
    }
    AssetName stage =
        AssetName.of(target.schema(), target.table() + SparkWarehouseSession.STAGE_SUFFIX);
    String staged = dialect.relation(stage);
    session.sql("drop table if exists " + staged);
    try {
      // A table model's stage becomes the table: it carries the write's generation from the start.
      session.sql(
          "create table "
              + staged
              + " using parquet"
              + (request.materialization() == Materialization.TABLE
                  ? generationProperty(request)
                  : "")
              + " as select * from ("
              + request.selectSql()
              + ")");
      long bytes = bytesOf(staged);
      if (request.materialization() == Materialization.TABLE) {
        long rows = count("select count(*) from " + staged);
        dropIfView(target);
        session.sql("drop table if exists " + dialect.relation(target));
        session.sql("alter table " + staged + " rename to " + dialect.relation(target));
        return new WriteResult(rows, bytes, EngineUsage.NONE, contentHash(request));
      }
      long rows = partition(request, staged);
      return new WriteResult(rows, bytes, EngineUsage.NONE, contentHash(request));
    } finally {
      session.sql("drop table if exists " + staged);
    }
  }

  /**
   * The written rows' content hash, as fingerprinting the partition (or the table) gives it: one
   * more aggregate over what was just written, since Spark's write reports no hash of its own.
   */
  private String contentHash(WriteRequest request) {
    PartitionKey key = request.partition();
    TimeRange span = new TimeRange(key.start(), key.end());
    List<PartitionFingerprint> found =
        new Fingerprints(session)
            .of(
                request.target(),
                request.materialization() == Materialization.TABLE
                    ? Partitioning.NONE
                    : request.partitioning(),
                span);
    return found.isEmpty() ? "" : found.get(0).hash();
  }

  private long partition(WriteRequest request, String staged) {
    AssetName target = request.target();
    String column = request.partitioning().column();
    List<String> stagedColumns = names(session.spark().table(staged).schema().fields());
    if (!stagedColumns.contains(column)) {
      throw new TidemarkException(
          ErrorCode.QUERY,
          "model "
              + target
              + " has no partition column "
              + column
              + " (its columns: "
              + String.join(", ", stagedColumns)
              + ")");
    }
    PartitionKey first = request.partition();
    PartitionKey last = request.last();
    String quoted = dialect.identifier(column);
    String inside =
        quoted
            + " >= "
            + dialect.timestamp(first.start())
            + " and "
            + quoted
            + " < "
            + dialect.timestamp(last.end());
    Row counts =
        session
            .sql(
                "select count(*), count_if(not coalesce("
                    + inside
                    + ", false)), count_if("
                    + quoted
                    + " is null), collect_set(cast("
                    + quoted
                    + " as string)) from "
                    + staged)
            .collectAsList()
            .get(0);
    long rows = counts.getLong(0);
    long outside = counts.getLong(1);
    if (outside > 0) {
      long nulls = counts.getLong(2);
      throw new TidemarkException(
          ErrorCode.QUERY,
          "model "
              + target
              + " wrote "
              + outside
              + (outside == 1 ? " row" : " rows")
              + " outside partition "
              + first
              + " (column "
              + column
              + " must be in ["
              + first.start()
              + ", "
              + last.end()
              + ")"
              + (nulls == 0 ? "" : "; " + nulls + " of them NULL")
              + "); filter on {{ partition_start }} and {{ partition_end }}");
    }
    String relation = dialect.relation(target);
    if (!session.exists(target)) {
      session.sql(
          "create table "
              + relation
              + " using parquet partitioned by ("
              + quoted
              + ")"
              + generationProperty(request)
              + " as select * from "
              + staged);
      return rows;
    }
    List<String> existing = names(session.fields(target));
    if (!new HashSet<>(existing).equals(new HashSet<>(stagedColumns))) {
      throw new TidemarkException(
          ErrorCode.QUERY,
          "model "
              + target
              + " returns the columns "
              + stagedColumns
              + " but its table has "
              + existing
              + " (drop the table to rebuild every partition, or keep the columns)");
    }
    Set<String> after = new HashSet<>(counts.<String>getList(3));
    // A day of a date column has one value, which the overwrite replaces whenever there are rows.
    boolean oneValue =
        request.partitionCount() == 1
            && request.partitioning().grain() == Grain.DAY
            && isDate(target, column);
    Set<String> before =
        rows > 0 && oneValue
            ? new HashSet<>()
            : partitionValues(
                "select distinct cast("
                    + quoted
                    + " as string) from "
                    + relation
                    + " where "
                    + inside);
    if (rows > 0) {
      List<String> select = new ArrayList<>();
      for (String name : existing) {
        select.add(dialect.identifier(name));
      }
      session.sql(
          "insert overwrite table "
              + relation
              + " select "
              + String.join(", ", select)
              + " from "
              + staged);
    }
    before.removeAll(after);
    for (String gone : before) {
      session.sql(
          "alter table "
              + relation
              + " drop if exists partition ("
              + quoted
              + " = "
              + dialect.string(gone)
              + ")");
    }
    return rows;
  }

  /** The clause giving a new table the generation of the write that makes it. */
  private String generationProperty(WriteRequest request) {
    return " tblproperties ("
        + dialect.string(SparkWarehouseSession.GENERATION)
        + " = "
        + dialect.string(Long.toString(request.generation()))
        + ")";
  }

  private boolean isDate(AssetName target, String column) {
    for (StructField field : session.fields(target)) {
      if (field.name().equals(column)) {
        return field.dataType() instanceof DateType;
      }
    }
    return false;
  }

  private Set<String> partitionValues(String sql) {
    Set<String> values = new HashSet<>();
    for (Row row : session.sql(sql).collectAsList()) {
      values.add(row.getString(0));
    }
    return values;
  }

  private long count(String sql) {
    return session.sql(sql).collectAsList().get(0).getLong(0);
  }

  /** The size of the staged files, from the catalog's statistics of the Parquet table. */
  private long bytesOf(String relation) {
    return session
        .spark()
        .table(relation)
        .queryExecution()
        .optimizedPlan()
        .stats()
        .sizeInBytes()
        .longValue();
  }

  private void dropIfView(AssetName relation) {
    if (isView(relation)) {
      session.sql("drop view " + dialect.relation(relation));
    }
  }

  private void dropIfTable(AssetName relation) {
    if (session.exists(relation) && !isView(relation)) {
      session.sql("drop table " + dialect.relation(relation));
    }
  }

  private boolean isView(AssetName relation) {
    return session.exists(relation)
        && session
            .spark()
            .sharedState()
            .externalCatalog()
            .getTable(relation.schema(), relation.table())
            .tableType()
            .name()
            .equals("VIEW");
  }

  static List<String> names(StructField[] fields) {
    List<String> names = new ArrayList<>(fields.length);
    for (StructField field : fields) {
      names.add(field.name());
    }
    return names;
  }

  /** Columns as {@code name type}, for comparing a model's result with its table. */
  static List<String> describe(StructField[] fields) {
    List<String> columns = new ArrayList<>(fields.length);
    for (StructField field : fields) {
      columns.add(field.name() + " " + field.dataType().sql().toLowerCase(java.util.Locale.ROOT));
    }
    return columns;
  }

  static List<String> columnsOf(SparkWarehouseSession session, AssetName relation) {
    return describe(session.fields(relation));
  }
}
