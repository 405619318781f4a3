package io.tidemark.core.load;

import static java.util.Objects.requireNonNull;

import io.tidemark.core.ErrorCode;
import io.tidemark.core.TidemarkException;
import io.tidemark.core.asset.Asset;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.Materialization;
import io.tidemark.core.asset.Partitioning;
import io.tidemark.core.partition.Grain;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.partition.TimeRange;
import io.tidemark.core.project.Project;
import io.tidemark.core.warehouse.PartitionFingerprint;
import io.tidemark.core.warehouse.QueryResult;
import io.tidemark.core.warehouse.WarehouseSession;
import io.tidemark.core.warehouse.WriteRequest;
import io.tidemark.core.warehouse.WriteResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Loads one partition of a loaded source through the write protocol models use: the loader's rows
 * are staged in the warehouse session, then written with one {@link WriteRequest} (the partition
 * replaced atomically, or the whole table for an unpartitioned source), then fingerprinted. The
 * fingerprint is the partition's data version, as a source scan would record it, so the readers of
 * a partition become stale only when a load changed its rows.
 */
public final class LoadRunner {
  /** Records a loader could not read, kept beside the source in a table of this suffix. */
  public static final String QUARANTINE_SUFFIX = "_quarantine";

  private static final List<LoadColumn> QUARANTINE_COLUMNS =
      List.of(
          LoadColumn.of("partition_start", LoadType.TIMESTAMP),
          LoadColumn.of("file", LoadType.VARCHAR),
          LoadColumn.of("line", LoadType.BIGINT),
          LoadColumn.of("reason", LoadType.VARCHAR),
          LoadColumn.of("record", LoadType.VARCHAR),
          LoadColumn.of("run_id", LoadType.BIGINT));

  private final Project project;
  private final SourceLoaders loaders;

  /**
   * What a load did.
   *
   * @param dataVersion the written partition's fingerprint version
   * @param watermark the high-water mark after an incremental load; empty for other loads
   * @param quarantined records the loader could not read, kept in the quarantine table
   * @param notes what the user should know: schema drift, quarantined records
   */
  public record Outcome(
      WriteResult written,
      String dataVersion,
      Optional<Watermark> watermark,
      long quarantined,
      List<String> notes) {
    public Outcome {
      requireNonNull(written, "written is null");
      requireNonNull(dataVersion, "dataVersion is null");
      requireNonNull(watermark, "watermark is null");
      notes = List.copyOf(requireNonNull(notes, "notes is null"));
    }
  }

  public LoadRunner(Project project, SourceLoaders loaders) {
    this.project = requireNonNull(project, "project is null");
    this.loaders = requireNonNull(loaders, "loaders is null");
  }

  /** The loader of a loaded source, or an error naming its {@code from:}. */
  public SourceLoader loaderOf(LoadSpec spec) {
    return loaders
        .find(spec.type())
        .orElseThrow(
            () ->
                spec.error(
                    "from",
                    "unknown source type '"
                        + spec.type()
                        + "' (known: "
                        + String.join(", ", loaders.types())
                        + ")"));
  }

  /**
   * Loads {@code partition} of {@code source}.
   *
   * @param watermark the source's stored high-water mark, for an unpartitioned incremental load
   */
  public Outcome load(
      WarehouseSession session,
      AssetName source,
      PartitionKey partition,
      Optional<Watermark> watermark,
      long runId) {
    Asset asset = project.asset(source);
    LoadSpec spec =
        project
            .load(source)
            .orElseThrow(() -> new IllegalArgumentException(source + " is not a loaded source"));
    SourceLoader loader = loaderOf(spec);
    boolean targetExists = session.exists(source);
    boolean merging =
        spec.mode() == LoadMode.INCREMENTAL
            && !asset.isPartitioned()
            && watermark.isPresent()
            && targetExists;
    Optional<Object> lowBound =
        merging ? Optional.of(spec.lookback().before(watermark.get().value())) : Optional.empty();
    Staging staging = stagingOf(session);
    try (StagingSink sink = new StagingSink(staging)) {
      loader.load(new LoadRequest(source, spec, asset.partitioning(), partition, lowBound), sink);
      sink.finish();
      String selectSql;
      if (sink.staged() == null) {
        if (!targetExists) {
          throw new TidemarkException(
              ErrorCode.SOURCE,
              "source "
                  + source
                  + " ("
                  + spec.type()
                  + ") gave no columns for "
                  + partition
                  + " and has no table yet");
        }
        selectSql = "SELECT * FROM " + relation(source) + " WHERE false";
      } else {
        selectSql = "SELECT * FROM " + sink.staged().relation();
      }
      Optional<Watermark> newMark = Optional.empty();
      if (spec.mode() == LoadMode.INCREMENTAL && sink.staged() != null) {
        LoadColumn cursor = cursorColumn(source, spec, sink.columns());
        newMark = highWaterMark(session, sink.staged().relation(), cursor);
        if (watermark.isPresent()) {
          newMark = Optional.of(newMark.map(watermark.get()::max).orElse(watermark.get()));
        }
        if (merging) {
          selectSql = mergeSql(source, spec, cursor, lowBound.get(), sink.staged().relation());
        }
      }
      Materialization materialization =
          asset.isPartitioned() ? Materialization.INCREMENTAL : Materialization.TABLE;
      WriteResult written =
          session.write(
              new WriteRequest(
                  source, materialization, asset.partitioning(), partition, selectSql, runId));
      String version = fingerprint(session, asset, partition).version();
      List<String> notes = new ArrayList<>(sink.notes());
      if (sink.quarantined() > 0 || session.exists(quarantineOf(source))) {
        writeQuarantine(session, asset, partition, sink, runId);
      }
      if (sink.quarantined() > 0) {
        notes.add(
            sink.quarantined()
                + (sink.quarantined() == 1 ? " record" : " records")
                + " could not be read; see "
                + quarantineOf(source));
      }
      return new Outcome(written, version, newMark, sink.quarantined(), notes);
    }
  }

  /** The session's staging area, or an error saying its engine cannot take loads. */
  private static Staging stagingOf(WarehouseSession session) {
    if (session instanceof Stageable stageable) {
      return stageable.staging();
    }
    throw new TidemarkException(
        ErrorCode.WAREHOUSE,
        "this warehouse engine cannot take loaded rows (its sessions offer no staging)");
  }

  /** The table beside {@code source} that holds the records its loads could not read. */
  public static AssetName quarantineOf(AssetName source) {
    return AssetName.of(source.schema(), source.table() + QUARANTINE_SUFFIX);
  }

  private static LoadColumn cursorColumn(
      AssetName source, LoadSpec spec, List<LoadColumn> columns) {
    return columns.stream()
        .filter(c -> c.name().equalsIgnoreCase(spec.cursor()))
        .findFirst()
        .orElseThrow(
            () ->
                new TidemarkException(
                    ErrorCode.QUERY,
                    "source "
                        + source
                        + ": the cursor column "
                        + spec.cursor()
                        + " is not among the loaded columns ("
                        + String.join(", ", columns.stream().map(LoadColumn::name).toList())
                        + ")"));
  }

  private static Optional<Watermark> highWaterMark(
      WarehouseSession session, String relation, LoadColumn cursor) {
    QueryResult result =
        session.query(
            "SELECT CAST(max(" + identifier(cursor.name()) + ") AS VARCHAR) FROM " + relation, 1);
    Object max = result.rows().isEmpty() ? null : result.rows().get(0).get(0);
    LoadType type = cursor.type() == LoadType.DOUBLE ? LoadType.DECIMAL : cursor.type();
    return max == null ? Optional.empty() : Optional.of(new Watermark(type, max.toString()));
  }

  /**
   * The table after an unpartitioned incremental load: the rows kept from before (those the load
   * did not read again, and, with a key, not replaced by a newer copy), and the rows read.
   */
  private static String mergeSql(
      AssetName source, LoadSpec spec, LoadColumn cursor, Object lowBound, String staged) {
    StringBuilder kept =
        new StringBuilder("SELECT * FROM ")
            .append(relation(source))
            .append(" WHERE NOT coalesce(")
            .append(identifier(cursor.name()))
            .append(" >= CAST(")
            .append(literal(lowBound))
            .append(" AS ")
            .append(cursor.sqlType())
            .append("), false)");
    if (!spec.key().isEmpty()) {
      String columns = String.join(", ", spec.key().stream().map(LoadRunner::identifier).toList());
      kept.append(" AND (")
          .append(columns)
          .append(") NOT IN (SELECT ")
          .append(columns)
          .append(" FROM ")
          .append(staged)
          .append(")");
    }
    return kept + " UNION ALL BY NAME SELECT * FROM " + staged;
  }

  private static PartitionFingerprint fingerprint(
      WarehouseSession session, Asset asset, PartitionKey partition) {
    TimeRange range =
        partition.grain() == Grain.ALL
            ? new TimeRange(partition.start(), partition.start())
            : new TimeRange(partition.start(), partition.end());
    List<PartitionFingerprint> prints =
        session.fingerprint(asset.name(), asset.partitioning(), range);
    return prints.stream()
        .filter(p -> p.partition().equals(partition))
        .findFirst()
        .orElseThrow(
            () ->
                new TidemarkException(
                    ErrorCode.INTERNAL,
                    "no fingerprint of " + asset.name() + " " + partition + " after its load"));
  }

  private static void writeQuarantine(
      WarehouseSession session, Asset asset, PartitionKey partition, StagingSink sink, long runId) {
    Staging staging = stagingOf(session);
    try (Staging.StagedRows rows = staging.stage(QUARANTINE_COLUMNS)) {
      for (StagingSink.Rejected rejected : sink.rejected()) {
        rows.append(
            new Object[] {
              partition.start(),
              rejected.file(),
              rejected.line(),
              rejected.reason(),
              rejected.record(),
              runId
            });
      }
      rows.finish();
      boolean partitioned = asset.isPartitioned();
      session.write(
          new WriteRequest(
              quarantineOf(asset.name()),
              partitioned ? Materialization.INCREMENTAL : Materialization.TABLE,
              partitioned ? new Partitioning(asset.grain(), "partition_start") : Partitioning.NONE,
              partition,
              "SELECT * FROM " + rows.relation(),
              runId));
    }
  }

  static String relation(AssetName name) {
    return identifier(name.schema()) + "." + identifier(name.table());
  }

  static String identifier(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String literal(Object value) {
    return "'" + value.toString().replace('T', ' ').replace("'", "''") + "'";
  }
}
