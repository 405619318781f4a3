package io.tidemark.warehouse.spark;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.warehouse.PartitionFingerprint;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Fingerprints the partitions of a table with one aggregate query, computed by Spark: per partition
 * the row count and the sum of each row's {@code xxhash64}, as a {@code decimal(38, 0)}, which
 * cannot overflow. Summed, because addition ignores the order of the rows yet counts a row present
 * twice twice.
 *
 * <p>A row's hash covers its columns ordered by name, whether each is NULL ({@code xxhash64} skips
 * NULLs, which would make {@code (NULL, 'a')} and {@code ('a', NULL)} alike), and the column names:
 * renaming a column is a change, reordering the table's columns is not.
 */
final class Fingerprints {
  static final String EMPTY_HASH = "0";

  private final SparkWarehouseSession session;
  private final SparkDialect dialect = SparkDialect.INSTANCE;

  Fingerprints(SparkWarehouseSession session) {
    this.session = session;
  }

  List<PartitionFingerprint> of(AssetName table, Partitioning partitioning, TimeRange range) {
    if (!session.exists(table)) {
      throw new TidemarkException(
          ErrorCode.NOT_FOUND, "table " + table + " does not exist in the warehouse");
    }
    StructField[] fields = session.fields(table);
    List<String> names = Writes.names(fields);
    names.sort(null);
    List<String> hashed = new ArrayList<>();
    for (String name : names) {
      hashed.add(dialect.identifier(name));
      hashed.add("isnull(" + dialect.identifier(name) + ")");
    }
    hashed.add(dialect.string(String.join(",", names)));
    String aggregates =
        "count(*), cast(coalesce(sum(cast(xxhash64("
            + String.join(", ", hashed)
            + ") as decimal(38, 0))), 0) as string)";
    String relation = dialect.relation(table);
    if (!partitioning.isPartitioned()) {
      Row row = session.sql("select " + aggregates + " from " + relation).collectAsList().get(0);
      return List.of(new PartitionFingerprint(PartitionKey.ALL, row.getLong(0), row.getString(1)));
    }
    String column = partitioning.column();
    StructField field = null;
    for (StructField candidate : fields) {
      if (candidate.name().equals(column)) {
        field = candidate;
      }
    }
    if (field == null) {
      throw new TidemarkException(
          ErrorCode.INVALID_PROJECT, "table " + table + " has no partition column " + column);
    }
    if (!(field.dataType() instanceof DateType
        || field.dataType() instanceof TimestampType
        || field.dataType() instanceof TimestampNTZType)) {
      throw new TidemarkException(
          ErrorCode.INVALID_PROJECT,
          "partition column "
              + column
              + " of "
              + table
              + " is "
              + field.dataType().sql().toLowerCase(Locale.ROOT)
              + ", not a date or time");
    }
    Grain grain = partitioning.grain();
    List<PartitionKey> partitions = range.partitionsInside(grain);
    if (partitions.isEmpty()) {
      return List.of();
    }
    TimeRange span =
        new TimeRange(partitions.get(0).start(), partitions.get(partitions.size() - 1).end());
    String quoted = dialect.identifier(column);
    String start =
        "cast(date_trunc('"
            + grain.name().toLowerCase(Locale.ROOT)
            + "', cast("
            + quoted
            + " as timestamp_ntz)) as timestamp_ntz)";
    String sql =
        "select "
            + start
            + ", "
            + aggregates
            + " from "
            + relation
            + " where "
            + dialect.spanPredicate(column, span)
            + " group by 1";
    Map<LocalDateTime, PartitionFingerprint> found = new HashMap<>();
    for (Row row : session.sql(sql).collectAsList()) {
      LocalDateTime partitionStart = (LocalDateTime) Values.value(row, 0);
      found.put(
          partitionStart,
          new PartitionFingerprint(
              PartitionKey.containing(grain, partitionStart), row.getLong(1), row.getString(2)));
    }
    return PartitionFingerprint.inOrder(partitions, found, EMPTY_HASH);
  }
}
