package io.tidemark.warehouse.spark;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.warehouse.ParsedQuery;
import io.tidemark.core.warehouse.SqlDialect;
import io.tidemark.core.warehouse.Warehouse;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.SparkSession;

/**
 * Spark SQL as the warehouse: each asset schema is a database of Spark's catalog (an embedded Hive
 * metastore), each table Parquet files under the warehouse directory. Sessions share the process's
 * one SparkSession; closing the warehouse leaves it running for the next warehouse of the process.
 */
public final class SparkWarehouse implements Warehouse {
  private static final AtomicLong SESSIONS = new AtomicLong();

  private final SparkSession spark;
  private final String location;
  private final SparkParser parser = new SparkParser();
  private final Set<SparkWarehouseSession> sessions = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private SparkWarehouse(SparkSession spark, String location) {
    this.spark = requireNonNull(spark, "spark is null");
    this.location = requireNonNull(location, "location is null");
  }

  /** Starts Spark in this process (once) over the warehouse directory of {@code settings}. */
  static SparkWarehouse open(SparkSettings settings) {
    return new SparkWarehouse(SparkSessions.of(settings), settings.directory().toString());
  }

  SparkSession spark() {
    return spark;
  }

  @Override
  public String name() {
    return SparkWarehouseProvider.TYPE;
  }

  @Override
  public SqlDialect dialect() {
    return SparkDialect.INSTANCE;
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public ParsedQuery parse(String selectSql) {
    return parser.parse(requireNonNull(selectSql, "selectSql is null"));
  }

  @Override
  public SparkWarehouseSession openSession() {
    if (closed) {
      throw new IllegalStateException("warehouse " + location + " is closed");
    }
    SparkWarehouseSession session =
        new SparkWarehouseSession(this, "tidemark-" + SESSIONS.incrementAndGet());
    sessions.add(session);
    return session;
  }

  void sessionClosed(SparkWarehouseSession session) {
    sessions.remove(session);
  }

  @Override
  public void close() {
    closed = true;
    for (SparkWarehouseSession session : List.copyOf(sessions)) {
      session.close();
    }
  }
}
