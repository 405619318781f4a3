package io.tidemark.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Rows returned by an ad-hoc query, converted to plain Java values (String, Long, Double,
 * BigDecimal, Boolean, LocalDate, LocalDateTime, or null).
 *
 * @param truncated whether more rows existed than were fetched
 */
public record QueryResult(List<String> columns, List<List<Object>> rows, boolean truncated) {
  public QueryResult {
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    requireNonNull(rows, "rows is null");
  }
}
