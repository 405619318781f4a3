package io.tidemark.core.quality.reconcile;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.warehouse.PartitionFingerprint;
import io.tidemark.core.warehouse.QueryResult;
import io.tidemark.core.warehouse.RowSink;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.core.warehouse.WriteRequest;
import io.tidemark.core.warehouse.WriteResult;
import java.sql.Connection;
import java.util.List;
import java.util.Optional;

/** A session for values that hold one but never use it. */
final class UnusedSession implements WarehouseSession {
  @Override
  public WriteResult write(WriteRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public QueryResult query(String sql, int maxRows) {
    throw new UnsupportedOperationException();
  }

  @Override
  public java.util.Optional<String> bind(WriteRequest request) {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean stream(String sql, long maxRows, RowSink sink) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void execute(String sql) {
    throw new UnsupportedOperationException();
  }

  @Override
  public java.util.Map<AssetName, Long> tableGenerations() {
    throw new UnsupportedOperationException();
  }

  @Override
  public boolean exists(AssetName relation) {
    throw new UnsupportedOperationException();
  }

  @Override
  public List<PartitionFingerprint> fingerprint(
      AssetName table, Partitioning partitioning, TimeRange range) {
    throw new UnsupportedOperationException();
  }

  @Override
  public void cancel() {}

  @Override
  public Optional<Connection> jdbcConnection() {
    return Optional.empty();
  }

  @Override
  public void close() {}
}
