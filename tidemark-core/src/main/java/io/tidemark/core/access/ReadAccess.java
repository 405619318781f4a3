package io.tidemark.core.access;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * A read-only role granted on schemas of the warehouse: what a BI tool connects as.
 *
 * @param location the warehouse's address without credentials (a JDBC URL)
 * @param statements what ran, without the password
 */
public record ReadAccess(
    String role, List<String> schemas, String location, List<String> statements) {
  public ReadAccess {
    requireNonNull(role, "role is null");
    schemas = List.copyOf(requireNonNull(schemas, "schemas is null"));
    requireNonNull(location, "location is null");
    statements = List.copyOf(requireNonNull(statements, "statements is null"));
  }
}
