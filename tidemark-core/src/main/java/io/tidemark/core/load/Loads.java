package io.tidemark.core.load;

import static java.util.Objects.requireNonNull;

/** What running loads needs besides the project: the loaders, and where the marks are kept. */
public record Loads(SourceLoaders loaders, LoadWatermarks watermarks) {
  /** No loaders: a project with loaded sources fails their tasks with a clear message. */
  public static final Loads NONE = new Loads(SourceLoaders.NONE, LoadWatermarks.NONE);

  public Loads {
    requireNonNull(loaders, "loaders is null");
    requireNonNull(watermarks, "watermarks is null");
  }
}
