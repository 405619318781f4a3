package io.tidemark.core.quality;

import static java.util.Objects.requireNonNull;

import io.tidemark.anomaly.DetectorSettings;
import io.tidemark.core.asset.AssetName;
import io.tidemark.core.asset.SourceLocation;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A data-quality check declared on an asset (or one of its columns), evaluated per partition. Every
 * check has an id unique within its asset, a severity and the place it was declared.
 */
public sealed interface Check {
  String id();

  Severity severity();

  SourceLocation location();

  /** The columns of the checked asset the check reads, to verify they exist. */
  List<String> columns();

  /**
   * Whether the check queries the warehouse; one that does not judges statistics the state store
   * keeps, and needs no session.
   */
  default boolean readsTable() {
    return true;
  }

  /** Every row has a value in {@code column}. */
  record NotNull(String id, Severity severity, SourceLocation location, String column)
      implements Check {
    public List<String> columns() {
      return List.of(column);
    }
  }

  /** No two rows of a partition share the values of {@code columns}. */
  record Unique(String id, Severity severity, SourceLocation location, List<String> columns)
      implements Check {
    public Unique {
      columns = List.copyOf(columns);
    }
  }

  /** Every non-null value of {@code column} is one of {@code values}. */
  record AcceptedValues(
      String id, Severity severity, SourceLocation location, String column, List<String> values)
      implements Check {
    public AcceptedValues {
      values = List.copyOf(values);
    }

    public List<String> columns() {
      return List.of(column);
    }
  }

  /** Every non-null value of {@code column} exists in {@code to}.{@code field}. */
  record Relationships(
      String id,
      Severity severity,
      SourceLocation location,
      String column,
      AssetName to,
      String field)
      implements Check {
    public List<String> columns() {
      return List.of(column);
    }
  }

  /** The partition holds between {@code min} and {@code max} rows (either may be absent: -1). */
  record RowCount(String id, Severity severity, SourceLocation location, long min, long max)
      implements Check {
    public List<String> columns() {
      return List.of();
    }
  }

  /**
   * The newest value of {@code column} is at most {@code warnAfter} (a warning) or {@code
   * errorAfter} (an error) older than the end of the partition, or than now for the current one.
   */
  record Freshness(
      String id,
      Severity severity,
      SourceLocation location,
      String column,
      Duration warnAfter,
      Duration errorAfter)
      implements Check {
    /** Judges when the partition's data arrived, not a column: {@code column} is null. */
    public boolean byArrival() {
      return column == null;
    }

    public List<String> columns() {
      return byArrival() ? List.of() : List.of(column);
    }
  }

  /** Every row meets a boolean SQL condition. */
  record Expression(String id, Severity severity, SourceLocation location, String condition)
      implements Check {
    public List<String> columns() {
      return List.of();
    }
  }

  /**
   * A query whose rows are failures; it may use {@code {{ this }}}, {@code {{ partition_start }}}
   * and {@code {{ partition_end }}}.
   */
  record Sql(String id, Severity severity, SourceLocation location, String query) implements Check {
    public List<String> columns() {
      return List.of();
    }
  }

  /**
   * The partition's row count, judged against the asset's own history by an anomaly detector.
   *
   * @param detector the detector's name ({@code seasonal}, {@code holt-winters}, {@code rate})
   */
  record VolumeAnomaly(
      String id,
      Severity severity,
      SourceLocation location,
      String detector,
      DetectorSettings settings)
      implements Check {
    public VolumeAnomaly {
      requireNonNull(detector, "detector is null");
      requireNonNull(settings, "settings is null");
    }

    @Override
    public boolean readsTable() {
      return false;
    }

    public List<String> columns() {
      return List.of();
    }
  }

  /**
   * Rows of the asset and of {@code with} agree on {@code key}: none missing on either side, and
   * the compared columns (this asset's name to the other's) equal within {@code tolerance}.
   */
  record Reconciliation(
      String id,
      Severity severity,
      SourceLocation location,
      AssetName with,
      List<String> key,
      Map<String, String> compared,
      double tolerance)
      implements Check {
    public Reconciliation {
      key = List.copyOf(key);
      compared = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(compared));
    }

    public List<String> columns() {
      List<String> all = new java.util.ArrayList<>(key);
      all.addAll(compared.keySet());
      return all;
    }
  }
}
