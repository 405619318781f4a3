package io.tidemark.core.warehouse;

import java.util.List;

/**
 * Receives a query's rows as they stream out of the warehouse, so an export of any size needs
 * memory for one row at a time. Values are those {@link QueryResult} promises.
 */
public interface RowSink {
  /** Called once, before any row. */
  void columns(List<String> names);

  void row(List<Object> values);
}
