package io.tidemark.warehouse.spark;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.load.LoadColumn;
import io.tidemark.core.load.Staging;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Stages loaded rows in a Parquet table of Spark's {@code default} database, written from the
 * process's memory in chunks: each chunk of {@value #CHUNK} rows becomes a DataFrame that is
 * appended to the table, so the driver holds one chunk at a time whatever the load's size. The
 * table's name ends with the stage suffix, so the catalog read leaves it out; closing drops it.
 */
final class SparkStaging implements Staging {
  static final int CHUNK = 100_000;

  private final SparkWarehouseSession session;

  SparkStaging(SparkWarehouseSession session) {
    this.session = requireNonNull(session, "session is null");
  }

  @Override
  public StagedRows stage(List<LoadColumn> columns) {
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("a staged table needs columns");
    }
    List<StructField> fields = new ArrayList<>(columns.size());
    for (LoadColumn column : columns) {
      fields.add(DataTypes.createStructField(column.name(), type(column), true));
    }
    String name =
        "default.tidemark_load_"
            + UUID.randomUUID().toString().replace("-", "")
            + SparkWarehouseSession.STAGE_SUFFIX;
    return new Rows(name, DataTypes.createStructType(fields));
  }

  static DataType type(LoadColumn column) {
    return switch (column.type()) {
      case BOOLEAN -> DataTypes.BooleanType;
      case BIGINT -> DataTypes.LongType;
      case DOUBLE -> DataTypes.DoubleType;
      case DECIMAL -> DataTypes.createDecimalType(column.precision(), column.scale());
      case VARCHAR -> DataTypes.StringType;
      case DATE -> DataTypes.DateType;
      case TIMESTAMP -> DataTypes.TimestampNTZType;
      case BLOB -> DataTypes.BinaryType;
    };
  }

  private final class Rows implements StagedRows {
    private final String name;
    private final StructType schema;
    private List<Row> chunk = new ArrayList<>();
    private boolean created;

    Rows(String name, StructType schema) {
      this.name = name;
      this.schema = schema;
    }

    @Override
    public String relation() {
      return name;
    }

    @Override
    public void append(Object[] values) {
      if (values.length != schema.size()) {
        throw new IllegalArgumentException(
            "a row of " + values.length + " values for " + schema.size() + " columns");
      }
      chunk.add(RowFactory.create(values.clone()));
      if (chunk.size() == CHUNK) {
        flush();
      }
    }

    @Override
    public void finish() {
      if (!chunk.isEmpty() || !created) {
        flush();
      }
    }

    private void flush() {
      try {
        session.spark().sparkContext().setJobGroup(session.jobGroup(), "tidemark load", true);
        session
            .spark()
            .createDataFrame(chunk, schema)
            .write()
            .format("parquet")
            .mode(created ? SaveMode.Append : SaveMode.ErrorIfExists)
            .saveAsTable(name);
      } catch (Exception e) {
        throw Errors.of(e, "staging loaded rows: ");
      }
      created = true;
      chunk = new ArrayList<>();
    }

    @Override
    public void close() {
      chunk = new ArrayList<>();
      if (created) {
        session.sql("drop table if exists " + name);
      }
    }
  }
}
