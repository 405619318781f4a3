package io.tidemark.core.project;

import static java.util.Objects.requireNonNull;

/** A named group of assets that is scheduled together. */
public record Pipeline(String name, String description, String schedule) {
  public Pipeline {
    requireNonNull(name, "name is null");
    requireNonNull(description, "description is null");
    requireNonNull(schedule, "schedule is null");
  }
}
