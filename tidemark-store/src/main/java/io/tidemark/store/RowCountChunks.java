package io.tidemark.store;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionIndex;
import io.tidemark.core.state.PartitionState;
import io.tidemark.core.state.PartitionStatus;
import io.tidemark.core.state.StateStore;
import io.tidemark.core.state.StateStore.RowCountConsumer;
import io.tidemark.store.StoreConnection.Statements;
import java.nio.ByteBuffer;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Statements on {@code row_count_chunks}: each asset's row counts packed {@value #SLOTS} partitions
 * to a row, kept equal to what {@code partition_states} holds by writing both in one transaction. A
 * partition's count is its state's rows, unless the state is failed: a failed write's count is not
 * the partition's (as {@link io.tidemark.core.quality.RowHistory} reads states). Keys that are no
 * time partition (the unpartitioned {@code all}, or any other text) have no count here.
 */
final class RowCountChunks {
  static final int SLOTS = 256;

  private static final String SELECT_ONE =
      "SELECT counts FROM row_count_chunks WHERE asset = ? AND grain = ? AND chunk = ?";
  private static final String INSERT =
      "INSERT INTO row_count_chunks (asset, grain, chunk, counts) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (asset, grain, chunk) DO NOTHING";
  private static final String UPDATE =
      "UPDATE row_count_chunks SET counts = ? WHERE asset = ? AND grain = ? AND chunk = ?";
  private static final String SELECT_OF_ASSETS =
      "SELECT asset, grain, chunk, counts FROM row_count_chunks WHERE asset IN ("
          + String.join(", ", Collections.nCopies(PartitionStateTable.ASSETS_PER_QUERY, "?"))
          + ")";

  private RowCountChunks() {}

  /** A row of the table. */
  private record Chunk(String asset, Grain grain, long chunk) {}

  /** The slots of one chunk written, and their new values. */
  private static final class Patch {
    final long[] values = new long[SLOTS];
    final boolean[] written = new boolean[SLOTS];
  }

  /** Records the counts of {@code states} (in order: a later state of a partition wins). */
  static void record(Statements statements, Dialect dialect, Iterable<PartitionState> states)
      throws SQLException {
    Map<Chunk, Patch> patches = new LinkedHashMap<>();
    for (PartitionState state : states) {
      Grain grain;
      long index;
      try {
        grain = PartitionIndex.grainOf(state.partition());
        if (grain == Grain.ALL) {
          continue;
        }
        index = PartitionIndex.of(grain, state.partition());
      } catch (IllegalArgumentException e) {
        continue;
      }
      Patch patch =
          patches.computeIfAbsent(
              new Chunk(state.asset().toString(), grain, Math.floorDiv(index, SLOTS)),
              chunk -> new Patch());
      int slot = (int) Math.floorMod(index, SLOTS);
      patch.values[slot] =
          state.status() == PartitionStatus.FAILED
              ? StateStore.NO_COUNT
              : state.statistics().rows();
      patch.written[slot] = true;
    }
    for (Map.Entry<Chunk, Patch> entry : patches.entrySet()) {
      apply(statements, dialect, entry.getKey(), entry.getValue());
    }
  }

  private static void apply(Statements statements, Dialect dialect, Chunk chunk, Patch patch)
      throws SQLException {
    PreparedStatement select = statements.prepare(SELECT_ONE + dialect.lockRows());
    bindKey(select, 1, chunk);
    long[] counts = null;
    try (ResultSet rows = select.executeQuery()) {
      if (rows.next()) {
        counts = decode(rows.getBytes(1));
      }
    }
    boolean exists = counts != null;
    if (!exists) {
      counts = new long[SLOTS];
      Arrays.fill(counts, StateStore.NO_COUNT);
    }
    for (int slot = 0; slot < SLOTS; slot++) {
      if (patch.written[slot]) {
        counts[slot] = patch.values[slot];
      }
    }
    if (!exists) {
      PreparedStatement insert = statements.prepare(INSERT);
      bindKey(insert, 1, chunk);
      insert.setBytes(4, encode(counts));
      if (insert.executeUpdate() == 1) {
        return;
      }
      // Another process inserted the chunk since the select: apply the patch to its row.
      apply(statements, dialect, chunk, patch);
      return;
    }
    PreparedStatement update = statements.prepare(UPDATE);
    update.setBytes(1, encode(counts));
    bindKey(update, 2, chunk);
    update.executeUpdate();
  }

  /** Streams the chunks of the given assets. */
  static void read(Statements statements, List<String> assets, RowCountConsumer consumer)
      throws SQLException {
    PreparedStatement query = statements.prepare(SELECT_OF_ASSETS);
    Rows.AssetNames names = new Rows.AssetNames();
    int size = PartitionStateTable.ASSETS_PER_QUERY;
    for (int start = 0; start < assets.size(); start += size) {
      List<String> chunk = assets.subList(start, Math.min(start + size, assets.size()));
      for (int i = 0; i < size; i++) {
        query.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1)));
      }
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          AssetName asset = names.parse(rows.getString(1));
          Grain grain = Grain.parse(rows.getString(2));
          consumer.accept(asset, grain, rows.getLong(3) * SLOTS, decode(rows.getBytes(4)));
        }
      }
    }
  }

  private static void bindKey(PreparedStatement statement, int first, Chunk chunk)
      throws SQLException {
    statement.setString(first, chunk.asset());
    statement.setString(first + 1, chunk.grain().label());
    statement.setLong(first + 2, chunk.chunk());
  }

  static byte[] encode(long[] counts) {
    ByteBuffer buffer = ByteBuffer.allocate(counts.length * Long.BYTES);
    buffer.asLongBuffer().put(counts);
    return buffer.array();
  }

  static long[] decode(byte[] bytes) {
    long[] counts = new long[bytes.length / Long.BYTES];
    ByteBuffer.wrap(bytes).asLongBuffer().get(counts);
    return counts;
  }
}
