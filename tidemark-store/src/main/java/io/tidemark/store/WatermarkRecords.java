package io.tidemark.store;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.asset.AssetName;
import io.tidemark.core.load.Watermark;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** The high-water marks of incremental loads, one row per source in {@code load_watermarks}. */
final class WatermarkRecords {
  private static final String SELECT = "SELECT asset, watermark FROM load_watermarks";
  private static final String UPSERT =
      "INSERT INTO load_watermarks (asset, watermark, run_id, updated_at) VALUES (?, ?, ?, ?)"
          + " ON CONFLICT (asset) DO UPDATE SET watermark = excluded.watermark,"
          + " run_id = excluded.run_id, updated_at = excluded.updated_at";

  private final StoreConnection connection;

  WatermarkRecords(StoreConnection connection) {
    this.connection = requireNonNull(connection, "connection is null");
  }

  Map<AssetName, Watermark> read(Collection<AssetName> sources) {
    requireNonNull(sources, "sources is null");
    // A few rows, one per loaded source: read them all and keep those asked for.
    return connection.read(
        "read load watermarks",
        statements -> {
          Map<AssetName, Watermark> marks = new HashMap<>();
          try (ResultSet rows = statements.prepare(SELECT).executeQuery()) {
            while (rows.next()) {
              AssetName asset = AssetName.parse(rows.getString(1));
              if (sources.contains(asset)) {
                marks.put(asset, Watermark.decode(rows.getString(2)));
              }
            }
          }
          return marks;
        });
  }

  void put(AssetName source, Watermark mark, long runId, Instant at) {
    requireNonNull(source, "source is null");
    requireNonNull(mark, "mark is null");
    requireNonNull(at, "at is null");
    connection.write(
        "record the load watermark of " + source,
        statements -> {
          PreparedStatement upsert = statements.prepare(UPSERT);
          upsert.setString(1, source.toString());
          upsert.setString(2, mark.encoded());
          upsert.setLong(3, runId);
          upsert.setLong(4, at.toEpochMilli());
          upsert.executeUpdate();
          return null;
        });
  }
}
