package io.tidemark.core.quality.reconcile;

/**
 * A warehouse session that can reconcile tables: it knows its engine's {@link ReconcileSql}. An
 * engine's session implements this when the engine supports reconciliations.
 */
public interface Reconcilable {
  ReconcileSql reconcileSql();
}
