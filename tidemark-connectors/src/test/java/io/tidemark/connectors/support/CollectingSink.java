package io.tidemark.connectors.support;

import io.tidemark.core.load.LoadColumn;
import io.tidemark.core.load.LoadSink;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps what a loader gave it, for tests of loaders alone. */
public final class CollectingSink implements LoadSink {
  /** A record a loader could not read. */
  public record Rejected(String file, long line, String reason, String record) {}

  private List<LoadColumn> columns;
  private final List<Object[]> rows = new ArrayList<>();
  private final List<Rejected> rejected = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();

  @Override
  public void columns(List<LoadColumn> columns) {
    this.columns = List.copyOf(columns);
  }

  @Override
  public void row(Object[] values) {
    rows.add(values.clone());
  }

  @Override
  public void quarantine(String file, long line, String reason, String record) {
    rejected.add(new Rejected(file, line, reason, record));
  }

  @Override
  public void note(String message) {
    notes.add(message);
  }

  public List<LoadColumn> columns() {
    return columns;
  }

  public List<Object[]> rows() {
    return rows;
  }

  public List<Rejected> rejected() {
    return rejected;
  }

  public List<String> notes() {
    return notes;
  }
}
