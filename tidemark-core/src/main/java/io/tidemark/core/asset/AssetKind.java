package io.tidemark.core.asset;

/** Where an asset's data comes from. */
public enum AssetKind {
  /** Loaded from outside Tidemark (a service database copy, log files, a connector). */
  SOURCE,
  /** A SQL {@code SELECT} that Tidemark materialises. */
  MODEL
}
