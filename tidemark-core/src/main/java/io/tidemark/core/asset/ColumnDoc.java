package io.tidemark.core.asset;

import static java.util.Objects.requireNonNull;

/** A documented column of an asset. */
public record ColumnDoc(String name, String description) {
  public ColumnDoc {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
  }
}
