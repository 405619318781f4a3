package io.tidemark.core.quality;

import io.tidemark.core.asset.Asset;
import io.tidemark.core.partition.PartitionKey;
import io.tidemark.core.warehouse.WarehouseSession;

/** Evaluates a reconciliation check on one partition. */
public interface ReconciliationRunner {
  /**
   * @param filter the SQL condition selecting the partition's rows on both sides
   */
  CheckEvaluator.Outcome run(
      WarehouseSession session,
      Asset asset,
      Check.Reconciliation check,
      PartitionKey partition,
      String filter);
}
