package io.tidemark.core.load;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/** The sink a load streams into: rows to a staged table, unreadable records and notes kept. */
final class StagingSink implements LoadSink, AutoCloseable {
  /** Rejected records kept in memory before they are written; the rest are only counted. */
  static final int MAX_KEPT_REJECTED = 100_000;

  record Rejected(String file, long line, String reason, String record) {}

  private final Staging staging;
  private Staging.StagedRows staged;
  private List<LoadColumn> columns = List.of();
  private final List<Rejected> rejected = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private long quarantined;

  StagingSink(Staging staging) {
    this.staging = requireNonNull(staging, "staging is null");
  }

  @Override
  public void columns(List<LoadColumn> columns) {
    if (staged != null) {
      throw new IllegalStateException("columns were already declared");
    }
    this.columns = List.copyOf(columns);
    staged = staging.stage(this.columns);
  }

  @Override
  public void row(Object[] values) {
    if (staged == null) {
      throw new IllegalStateException("a loader must declare its columns before its rows");
    }
    staged.append(values);
  }

  @Override
  public void quarantine(String file, long line, String reason, String record) {
    quarantined++;
    if (rejected.size() < MAX_KEPT_REJECTED) {
      rejected.add(new Rejected(file, line, reason, record));
    }
  }

  @Override
  public void note(String message) {
    notes.add(message);
  }

  void finish() {
    if (staged != null) {
      staged.finish();
    }
  }

  Staging.StagedRows staged() {
    return staged;
  }

  List<LoadColumn> columns() {
    return columns;
  }

  List<Rejected> rejected() {
    return rejected;
  }

  List<String> notes() {
    return notes;
  }

  long quarantined() {
    return quarantined;
  }

  @Override
  public void close() {
    if (staged != null) {
      staged.close();
    }
  }
}
